// Read aloud: an optional comfort. The page works fully without it; the
// button only appears when the browser can speak.
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) return;
  var bar = document.querySelector(".sandbox-bar");
  var main = document.getElementById("contenu");
  if (!bar || !main) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button-link read-aloud";
  var labels = bar.getAttribute("data-lire") || "Lire la page|Arrêter la lecture";
  var parts = labels.split("|");
  button.textContent = parts[0];
  button.setAttribute("aria-pressed", "false");
  function stop() {
    window.speechSynthesis.cancel();
    button.textContent = parts[0];
    button.setAttribute("aria-pressed", "false");
  }
  button.addEventListener("click", function () {
    if (window.speechSynthesis.speaking) { stop(); return; }
    // Each block is read in its own language: French for the simulated
    // site, the learner's language for the guide.
    var blocks = main.querySelectorAll("h1, h2, p, li, label, legend, dt, dd, button");
    for (var i = 0; i < blocks.length; i++) {
      var text = blocks[i].innerText.trim();
      if (!text) continue;
      var u = new SpeechSynthesisUtterance(text);
      var holder = blocks[i].closest("[lang]");
      u.lang = holder ? holder.getAttribute("lang") : document.documentElement.lang;
      if (i === blocks.length - 1) u.onend = stop;
      window.speechSynthesis.speak(u);
    }
    button.textContent = parts[1];
    button.setAttribute("aria-pressed", "true");
  });
  // In the bar's menu, with the other tools; the bar itself stays one line.
  var list = bar.querySelector(".menu-list");
  if (list) {
    var item = document.createElement("li");
    item.appendChild(button);
    list.appendChild(item);
  } else {
    bar.appendChild(button);
  }
})();
