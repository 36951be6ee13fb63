module github.com/repetition-demarches/repetition

go 1.26.0

require (
	github.com/expr-lang/expr v1.17.8
	gopkg.in/yaml.v3 v3.0.1
)
