// Small enhancements on top of forms that work without JavaScript: Enter to send, copy buttons,
// toasts that dismiss themselves, the phone's Tasks/Assistant tabs, and keeping the chat scrolled.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function scrollChat() {
    var messages = document.getElementById("chat-messages");
    if (messages) messages.scrollTop = messages.scrollHeight;
  }

  function setView(view) {
    var workspace = document.querySelector("main.workspace");
    if (workspace) workspace.dataset.view = view;
  }

  function autoDismiss(root) {
    (root || document).querySelectorAll(".toast").forEach(function (toast) {
      if (toast.dataset.timer) return;
      // Errors stay until dismissed; a success (with its Undo) stays long enough to change one's mind.
      if (toast.classList.contains("toast-error")) return;
      toast.dataset.timer = setTimeout(function () { toast.remove(); }, 10000);
    });
  }

  // Sign-up: the browser's own time zone, so "today" is the person's from the first task.
  function fillTimeZone() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { return; }
    document.querySelectorAll("input[data-browser-time-zone]").forEach(function (field) {
      if (!field.value) field.value = zone;
    });
  }

  // Settings: Web Push on this device (subscribe through the service worker at the site's root).
  function setUpPush() {
    var box = document.querySelector("[data-push]");
    if (!box) { return; }
    var status = box.querySelector("[data-push-status]");
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      status.textContent = "This browser cannot show notifications from sites.";
      return;
    }
    var buttons = box.querySelector("[data-push-buttons]");
    var on = box.querySelector("[data-push-on]"), off = box.querySelector("[data-push-off]");
    var test = box.querySelector("[data-push-test]");
    var token = document.querySelector("[name=csrfmiddlewaretoken]").value;
    function post(url, body) {
      return fetch(url, {
        method: "POST", credentials: "same-origin", body: JSON.stringify(body || {}),
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      });
    }
    function show(subscription, message) {
      on.hidden = !!subscription; off.hidden = test.hidden = !subscription; buttons.hidden = false;
      status.textContent = message || (subscription ? "On: reminders appear on this device." : "Off on this device.");
    }
    function key() {
      var text = box.dataset.key.replace(/-/g, "+").replace(/_/g, "/");
      var raw = atob(text + "===".slice((text.length + 3) % 4));
      return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
    }
    navigator.serviceWorker.register(box.dataset.worker, { scope: "/" }).then(function (registration) {
      return registration.pushManager.getSubscription().then(function (subscription) {
        show(subscription);
        on.addEventListener("click", function () {
          Notification.requestPermission().then(function (permission) {
            if (permission !== "granted") { show(null, "Notifications are blocked for this site in the browser's settings."); return; }
            return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key() })
              .then(function (made) { return post(box.dataset.subscribe, made.toJSON()).then(function () { show(made); }); });
          }).catch(function () { show(null, "This browser could not subscribe (is it offline?)."); });
        });
        off.addEventListener("click", function () {
          registration.pushManager.getSubscription().then(function (current) {
            if (!current) { show(null); return; }
            return post(box.dataset.unsubscribe, current.toJSON()).then(function () { return current.unsubscribe(); })
              .then(function () { show(null); });
          });
        });
        test.addEventListener("click", function () {
          post(box.dataset.test).then(function (response) { return response.json(); }).then(function (answer) {
            status.textContent = answer.error || "Sent a test to " + answer.sent + " device" + (answer.sent === 1 ? "" : "s") + ".";
          });
        });
      });
    }).catch(function () { status.textContent = "Notifications could not be set up on this device."; });
  }

  // Manual order: drag a task by its handle, or press Alt+↑/↓ on it; the server keeps the new place (a key
  // between its neighbours), and the redrawn list gets focus back on the handle that moved.
  var movedTask = null;
  function moveTask(handle, values) {
    var form = document.getElementById("row-actions");
    if (!form || !window.htmx) return;
    movedTask = handle.closest("[data-task]").dataset.task;
    htmx.ajax("POST", handle.dataset.move, { source: form, values: values, target: "#task-panel", swap: "outerHTML" });
  }

  function neighbour(item, direction) {
    var other = item[direction];
    while (other && !other.dataset.task) other = other[direction];
    return other;
  }

  // On a phone the lists fold away under "Lists", so the tasks come first; a wider screen shows them all.
  // Once the person opens or folds them, the list keeps that through every redraw of the panel.
  var listsOpen = null;
  function foldLists() {
    var open = listsOpen !== null ? listsOpen : !window.matchMedia("(max-width: 640px)").matches;
    document.querySelectorAll("[data-lists-nav]").forEach(function (nav) { nav.open = open; });
  }
  document.addEventListener("click", function (event) {
    var summary = event.target.closest && event.target.closest("[data-lists-nav] > summary");
    if (summary) listsOpen = !summary.parentElement.open;
  });

  function setUpReorder(root) {
    if (!window.Sortable) return;
    (root || document).querySelectorAll("[data-reorder]").forEach(function (list) {
      if (list.dataset.sortable) return;
      list.dataset.sortable = "1";
      Sortable.create(list, {
        handle: ".drag-handle", draggable: "[data-task]", animation: 120,
        onEnd: function (event) {
          if (event.oldIndex === event.newIndex) return;
          var before = neighbour(event.item, "previousElementSibling");
          var after = neighbour(event.item, "nextElementSibling");
          var handle = event.item.querySelector(".drag-handle");
          moveTask(handle, before ? { after: before.dataset.task } : { before: after.dataset.task });
        },
      });
    });
  }

  document.addEventListener("keydown", function (event) {
    var handle = event.target.closest && event.target.closest(".drag-handle");
    if (!handle || !event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    moveTask(handle, { direction: event.key === "ArrowUp" ? "up" : "down" });
  });

  document.addEventListener("DOMContentLoaded", function () {
    foldLists();
    setUpReorder();
    setUpPush();
    document.body.classList.add("js");
    fillTimeZone();
    if (document.querySelector("main.workspace")) {
      setView(location.hash === "#chat-column" ? "chat" : "tasks");
    }
    scrollChat();
    autoDismiss();
  });

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = document.getElementById(copy.dataset.copy);
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          var label = copy.textContent;
          copy.textContent = "Copied";
          setTimeout(function () { copy.textContent = label; }, 1500);
        });
      }
      return;
    }
    var dismiss = event.target.closest("[data-dismiss]");
    if (dismiss) {
      dismiss.closest(".toast").remove();
      return;
    }
    var view = event.target.closest(".view-switch a[data-view]");
    if (view) {
      event.preventDefault();
      setView(view.dataset.view);
      history.replaceState(null, "", view.getAttribute("href"));
      if (view.dataset.view === "chat") {
        scrollChat();
        var box = document.querySelector(".chat-form textarea");
        if (box) box.focus();
      }
    }
  });

  // Enter sends the message; Shift+Enter starts a new line.
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    if (!box.matches || !box.matches(".chat-form textarea")) return;
    event.preventDefault();
    if (box.value.trim()) box.form.requestSubmit();
  });

  // Text typed while the assistant was thinking survives the panel being redrawn with its answer.
  var typedMeanwhile = "";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "chat-panel") return;
    var form = target.querySelector(".chat-form");
    var box = form && form.querySelector("textarea");
    typedMeanwhile = box && box.value.trim() && box.value !== form.dataset.sent ? box.value : "";
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "chat-panel") {
      scrollChat();
      var box = document.querySelector(".chat-form textarea");
      if (box) {
        if (typedMeanwhile) box.value = typedMeanwhile;
        box.focus();
      }
      typedMeanwhile = "";
    }
    if (target && target.id === "task-panel") {
      foldLists();
      setUpReorder();
      if (movedTask) {
        var moved = document.querySelector("#task-" + movedTask + " .drag-handle");
        if (moved) moved.focus();
        movedTask = null;
      }
    }
    // A chip taken off is gone with its button: the person goes on typing in the add box.
    var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (target && target.id === "add-understood" && trigger && trigger.classList.contains("chip-remove")) {
      var title = document.getElementById("add_title");
      if (title) title.focus();
    }
    autoDismiss();
  });

  document.addEventListener("htmx:oobAfterSwap", function () { autoDismiss(); });

  // While the assistant thinks, the person may already type the next message: only the Send button waits.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches && form.matches(".chat-form")) {
      form.dataset.sent = form.querySelector("textarea").value;
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
    }
  });
})();
