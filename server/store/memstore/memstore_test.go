package memstore_test

import (
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/store"
	"github.com/repetition-demarches/repetition/server/store/memstore"
	"github.com/repetition-demarches/repetition/server/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(now func() time.Time) store.Store { return memstore.New(now) })
}
