// The quick-log form: keyboard first, usable with one hand while on the phone.
// Type to find a service (↓ ↑ Enter), 1–8 picks the outcome, Enter saves.
// Without JavaScript the form still works as an ordinary form post.
(function () {
  "use strict";

  const FORWARDING = ["forwarded", "referred"];

  function init(form) {
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";

    const input = form.querySelector("#id_pick_label");
    const pick = form.querySelector("#id_pick");
    const listbox = form.querySelector("#pick-options");
    const note = form.querySelector("input[name=note]");
    const elapsed = form.querySelector("input[name=elapsed_ms]");
    const forwardField = form.querySelector("#forward-field");
    const forwardSelect = forwardField && forwardField.querySelector("select");
    const radios = Array.from(form.querySelectorAll("input[name=outcome]"));
    const clock = form.querySelector("#id_clock");
    const startButton = form.querySelector("#clock-start");
    const preview = form.querySelector("#clock-preview");
    const minutes = form.querySelector("input[name=minutes]");
    const loadedAt = Date.now();
    let startedAt = null;

    // Handling time has an explicit start the clerk chooses: Start (F2) when the
    // call or visit begins, or the time since their previous save. Measured here,
    // so no clock difference between browser and server matters. The time that
    // will be stored is shown before saving; an implausible one is stored as unknown.
    const STORE_KEY = "servicetorg.quicklog.clock";
    if (clock) {
      try { const saved = window.localStorage.getItem(STORE_KEY); if (saved) clock.value = saved; } catch (e) { /* private mode */ }
      clock.addEventListener("change", () => {
        try { window.localStorage.setItem(STORE_KEY, clock.value); } catch (e) { /* private mode */ }
        render();
      });
    }
    function since() {
      if (clock && clock.value === "previous") {
        const previous = preview && preview.dataset.sincePreviousMs;
        return previous ? loadedAt - Number(previous) : null;
      }
      return startedAt;
    }
    function measuredMs() {
      const from = since();
      return from === null ? null : Date.now() - from;
    }
    const numberFormat = new Intl.NumberFormat(document.documentElement.lang || "nb",
      { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    function render() {
      if (!preview) return;
      const typed = minutes && minutes.value.trim();
      const min = Number(preview.dataset.minSeconds || 0);
      const max = Number(preview.dataset.maxSeconds || Infinity);
      if (typed) {
        preview.textContent = preview.dataset.textTyped.replace("%(minutes)s", numberFormat.format(Number(typed.replace(",", "."))));
        return;
      }
      const ms = measuredMs();
      if (ms === null) preview.textContent = preview.dataset.textUnknown;
      else if (ms / 1000 < min || ms / 1000 > max) preview.textContent = preview.dataset.textShort;
      else preview.textContent = preview.dataset.textStored.replace("%(minutes)s", numberFormat.format(ms / 60000));
    }
    function start() {
      startedAt = Date.now();
      if (clock && clock.value !== "start") {
        clock.value = "start";
        try { window.localStorage.setItem(STORE_KEY, "start"); } catch (e) { /* private mode */ }
      }
      render();
    }
    if (startButton) startButton.addEventListener("click", start);
    form.addEventListener("keydown", (event) => {
      if (event.key === "F2") { event.preventDefault(); start(); }
    }, { capture: true });
    if (minutes) minutes.addEventListener("input", render);
    const ticker = window.setInterval(() => {
      if (!form.isConnected) { window.clearInterval(ticker); return; }
      render();
    }, 1000);
    render();
    function stampElapsed() {
      const ms = measuredMs();
      if (elapsed) elapsed.value = ms === null ? "" : String(Math.max(0, Math.round(ms)));
    }
    form.addEventListener("submit", stampElapsed, { capture: true });
    form.addEventListener("htmx:configRequest", (event) => {
      if (event.detail.elt === form && elapsed) {
        stampElapsed();
        event.detail.parameters["elapsed_ms"] = elapsed.value;
      }
    });

    function options() {
      return Array.from(listbox.querySelectorAll("[role=option]:not([aria-disabled=true])"));
    }
    function active() {
      const id = input.getAttribute("aria-activedescendant");
      return id ? listbox.querySelector("#" + CSS.escape(id)) : null;
    }
    function setActive(option) {
      listbox.querySelectorAll("[role=option]").forEach((o) => o.setAttribute("aria-selected", "false"));
      if (option) {
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    // Opening highlights nothing: the first ↓ goes to the first suggestion, so
    // "type, ↓, Enter" chooses the first one, as the help says.
    function open() {
      const has = listbox.querySelector("[role=option]") !== null;
      listbox.hidden = !has;
      input.setAttribute("aria-expanded", has ? "true" : "false");
      setActive(null);
    }
    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(null);
    }
    function isOpen() { return !listbox.hidden; }

    function syncForward() {
      const checked = radios.find((r) => r.checked);
      const show = checked && FORWARDING.includes(checked.value);
      if (forwardField) forwardField.hidden = !show;
    }
    function setSensitive(sensitive) {
      if (!note) return;
      note.disabled = sensitive;
      if (sensitive) note.value = "";
      form.classList.toggle("is-sensitive", sensitive);
    }

    function choose(option) {
      pick.value = option.dataset.value;
      input.value = option.dataset.label;
      close();
      const outcome = radios.find((r) => r.value === option.dataset.outcome);
      if (outcome) outcome.checked = true;
      if (forwardSelect) forwardSelect.value = "";
      setSensitive(option.dataset.sensitive === "1");
      syncForward();
      (radios.find((r) => r.checked) || radios[0]).focus();
    }

    input.addEventListener("input", () => {
      // What is typed no longer matches the chosen service until a new one is chosen.
      pick.value = "";
      setSensitive(false);
      if (!input.value.trim()) { listbox.innerHTML = ""; close(); }
    });
    input.addEventListener("keydown", (event) => {
      const list = options();
      const current = active();
      const index = current ? list.indexOf(current) : -1;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!isOpen()) open();
        setActive(list[Math.min(index + 1, list.length - 1)] || null);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (index > 0) setActive(list[index - 1]);
      } else if (event.key === "Enter") {
        if (isOpen() && current) {
          event.preventDefault();
          event.stopPropagation();
          choose(current);
        } else if (!pick.value) {
          // Nothing chosen yet: wait for the suggestions rather than post an empty form.
          event.preventDefault();
          event.stopPropagation();
        }
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]:not([aria-disabled=true])");
      if (option) choose(option);
    });
    form.addEventListener("htmx:afterSwap", (event) => {
      if (event.detail.target === listbox) {
        if (document.activeElement === input) open();
      }
    });

    radios.forEach((radio) => radio.addEventListener("change", syncForward));
    form.addEventListener("keydown", (event) => {
      const target = event.target;
      const typing = target.matches("input[type=text], input[type=number], textarea, select");
      if (!typing && /^[1-8]$/.test(event.key) && !event.altKey && !event.ctrlKey && !event.metaKey) {
        const radio = radios.find((r) => r.dataset.key === event.key);
        if (radio) {
          event.preventDefault();
          radio.checked = true;
          syncForward();
          if (FORWARDING.includes(radio.value) && forwardSelect) forwardSelect.focus();
          else if (note && !note.disabled) note.focus();
          else radio.focus();
        }
      } else if (event.key === "Enter" && target.matches("input[type=radio], select")) {
        event.preventDefault();
        form.requestSubmit();
      } else if (event.key === "Escape" && target !== input) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });

    syncForward();
    const summary = form.querySelector("#error-summary");
    if (summary) summary.focus();
    else if (input.hasAttribute("autofocus")) input.focus();
  }

  function initAll(root) {
    (root || document).querySelectorAll("form[data-quicklog]").forEach(init);
  }
  document.addEventListener("DOMContentLoaded", () => initAll(document));
  document.addEventListener("htmx:load", (event) => {
    const elt = event.detail.elt;
    if (elt.matches && elt.matches("form[data-quicklog]")) init(elt);
    else if (elt.querySelectorAll) initAll(elt);
  });
  // Undo replaces today's list, focused button and all, which would drop a keyboard
  // user at the top of the page: put them back in the service field instead.
  document.addEventListener("htmx:afterSettle", (event) => {
    const requester = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!requester || !requester.matches || !requester.matches("#today form")) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    const input = document.querySelector("form[data-quicklog] #id_pick_label");
    if (input) input.focus();
  });
})();
