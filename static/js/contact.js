// The contact form suggests the topic as the citizen types (the public suggestions API; no text is stored).
(function () {
  "use strict";
  var field = document.getElementById("id_message");
  var status = document.getElementById("topic-status");
  if (!field || !status || !window.fetch) { return; }
  var timer = null;
  var last = "";
  function show(results) {
    status.textContent = "";
    if (!results.length) { return; }
    var intro = document.createElement("p");
    intro.textContent = status.dataset.intro;
    status.appendChild(intro);
    var list = document.createElement("ul");
    results.slice(0, 3).forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.url;
      link.textContent = hit.name;
      item.appendChild(link);
      list.appendChild(item);
    });
    status.appendChild(list);
  }
  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = field.value.trim();
      if (text.length < 12 || text === last) { return; }
      last = text;
      fetch(field.dataset.suggestUrl, {
        method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({text: text.slice(0, 2000), limit: 3, municipality: field.dataset.municipality})
      }).then(function (r) { return r.ok ? r.json() : {results: []}; })
        .then(function (data) { show(data.results || []); })
        .catch(function () {});
    }, 500);
  });
})();
