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
  function stop() {
    window.speechSynthesis.cancel();
    button.textContent = parts[0];
  }
  // The glossary markers ("Mot expliqué plus bas") only point to the list
  // of words at the bottom of the page: they are not read.
  var skip = ".label-terms";
  function langOf(el) {
    var holder = el.closest("[lang]");
    return holder ? holder.getAttribute("lang") : document.documentElement.lang;
  }
  // pieces splits a block into runs of text of one language, so that a
  // translation line beside a French label is spoken with its own voice.
  function pieces(block) {
    var out = [];
    function walk(node) {
      if (node.nodeType === 3) {
        var lang = langOf(node.parentElement);
        var last = out[out.length - 1];
        if (last && last.lang === lang) last.text += node.nodeValue;
        else out.push({ text: node.nodeValue, lang: lang });
        return;
      }
      if (node.nodeType !== 1 || node.matches(skip) || node.hidden) return;
      var style = window.getComputedStyle(node);
      if (style.display === "none" || style.visibility === "hidden") return;
      for (var c = node.firstChild; c; c = c.nextSibling) walk(c);
    }
    walk(block);
    return out;
  }
  button.addEventListener("click", function () {
    if (window.speechSynthesis.speaking) { stop(); return; }
    // Each piece is read in its own language: French for the simulated
    // site, the learner's language for the guide and the translations. A
    // block inside another block is read with it, once.
    var selector = "h1, h2, p, li, label, legend, dt, dd, button";
    var blocks = main.querySelectorAll(selector);
    var queue = [];
    for (var i = 0; i < blocks.length; i++) {
      var b = blocks[i];
      if (b.closest(skip) || (b.parentElement && b.parentElement.closest(selector) && main.contains(b.parentElement.closest(selector)))) continue;
      var ps = pieces(b);
      for (var j = 0; j < ps.length; j++) {
        var text = ps[j].text.replace(/\s+/g, " ").trim();
        if (text) queue.push({ text: text, lang: ps[j].lang });
      }
    }
    for (var k = 0; k < queue.length; k++) {
      var u = new SpeechSynthesisUtterance(queue[k].text);
      u.lang = queue[k].lang;
      if (k === queue.length - 1) u.onend = stop;
      window.speechSynthesis.speak(u);
    }
    button.textContent = parts[1];
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
