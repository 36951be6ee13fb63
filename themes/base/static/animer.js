// Live dashboard: an optional comfort. Without it the page reloads itself
// every 30 seconds (a <noscript> refresh) and has a "refresh" button.
(function () {
  "use strict";
  var body = document.getElementById("apprenants");
  var state = document.getElementById("direct");
  if (!body || !window.EventSource) return;
  var source = new EventSource(body.getAttribute("data-flux"));
  function parse(html) {
    var t = document.createElement("template");
    t.innerHTML = "<table><tbody>" + html + "</tbody></table>";
    return t.content.querySelector("tbody");
  }
  source.addEventListener("rows", function (e) {
    var fresh = parse(e.data);
    body.replaceChildren.apply(body, Array.prototype.slice.call(fresh.children));
    if (state) state.textContent = state.getAttribute("data-live") || "";
  });
  source.addEventListener("learner", function (e) {
    var row = parse(e.data).firstElementChild;
    if (!row) return;
    var old = document.getElementById(row.id);
    if (old) old.replaceWith(row); else body.appendChild(row);
  });
  source.addEventListener("error", function () {
    if (state) state.textContent = state.getAttribute("data-lost") || "";
  });
})();
