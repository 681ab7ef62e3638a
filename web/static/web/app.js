// Small enhancements on top of forms that work without JavaScript: Enter to send, copy buttons,
// toasts that dismiss themselves, the phone's Tasks/Assistant tabs, keeping the chat scrolled, focus that
// follows the work, keyboard shortcuts, and menus that close when one taps or tabs away.
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
  function moveTask(handle, values) {
    var form = document.getElementById("row-actions");
    if (!form || !window.htmx) return;
    remember(handle);
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
        handle: ".drag-handle", draggable: "[data-task]", animation: reducedMotion() ? 0 : 120,
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

  function reducedMotion() { return window.matchMedia("(prefers-reduced-motion: reduce)").matches; }

  // --- Focus that follows the work --------------------------------------------------------------------
  // Before an action on a row, where focus should land once the panel is redrawn: the same control of the
  // same row; the row gone (deleted, or out of this view), the row that took its place; no rows, the add box.
  var focusAfter = null;
  var lastRow = null; // the row last focused, for an undo from a toast or the `u` key
  var deleteGuardUntil = 0;

  function taskRows() {
    return Array.prototype.slice.call(document.querySelectorAll("#task-panel .task-list [data-task]"));
  }
  function placeOf(row) { // its place among the rows, an open edit form counting as its row
    var rows = document.querySelectorAll("#task-panel .task-list [data-task], #task-panel .task-list [data-editing]");
    return Array.prototype.indexOf.call(rows, row);
  }
  function rowOf(element) {
    return element && element.closest ? element.closest("[data-task], [data-editing]") : null;
  }
  function controlOf(element) {
    if (element.matches(".drag-handle")) return "handle";
    if (element.matches(".check-small")) return "step";
    if (element.matches(".check")) return "check";
    if (element.matches(".action-danger")) return "delete";
    return "edit"; // the Edit link, and Save or Cancel in the row's form
  }
  function titleOf(row) {
    var check = row.querySelector(".check:not(.check-small)");
    return check ? check.getAttribute("aria-label") : "";
  }

  function remember(element) {
    var row = rowOf(element);
    if (!row || !row.closest("#task-panel")) return;
    var check = row.querySelector(".check:not(.check-small)");
    focusAfter = {
      task: row.dataset.task || row.dataset.editing, control: controlOf(element),
      index: Math.max(0, placeOf(row)), title: titleOf(row),
      step: Array.prototype.indexOf.call(row.querySelectorAll(".check-small"), element),
      stepsOpen: !!row.querySelector("details.steps[open]"),
      wasDone: !!check && check.getAttribute("aria-checked") === "true",
    };
  }

  function focusRow(row, control, step) {
    var target = null;
    if (control === "step") target = row.querySelectorAll(".check-small")[step];
    else if (control === "handle") target = row.querySelector(".drag-handle");
    else if (control === "edit") target = row.querySelector(".task-actions a.action");
    target = target || row.querySelector(".check:not(.check-small)");
    if (target) target.focus();
  }

  function announce(text) {
    var announcer = document.getElementById("announcer");
    if (!announcer) return;
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function restoreFocus() {
    var wanted = focusAfter;
    focusAfter = null;
    if (!wanted) return;
    var row = !wanted.byIndex && document.querySelector('#task-panel [data-task="' + wanted.task + '"]');
    if (wanted.control === "check") announce("“" + wanted.title + "” " + (wanted.wasDone ? "reopened" : "done"));
    if (row) {
      var steps = row.querySelector("details.steps");
      if (steps && wanted.stepsOpen) steps.open = true;
      focusRow(row, wanted.control, wanted.step);
      return;
    }
    var rows = taskRows();
    if (rows.length) {
      focusRow(rows[Math.min(wanted.index, rows.length - 1)], "check");
    } else {
      var add = document.getElementById("add_title");
      if (add) add.focus();
    }
  }

  document.addEventListener("focusin", function (event) {
    var row = rowOf(event.target);
    if (row && row.dataset.task) lastRow = { task: row.dataset.task, index: taskRows().indexOf(row) };
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    if (!element || !element.closest) return;
    if (rowOf(element)) {
      remember(element);
      if (focusAfter && focusAfter.control === "delete") deleteGuardUntil = Infinity;
    } else if ((element.closest("#toasts") || element.id === "undo-latest") && lastRow) {
      // An undo puts things back where they were: focus returns to the place, whichever task is there now.
      focusAfter = { task: lastRow.task, control: "check", index: lastRow.index, byIndex: true };
    }
  });

  // After a delete the next row slides up under the finger: its Delete waits a moment before it listens.
  document.addEventListener("click", function (event) {
    var remove = event.target.closest && event.target.closest(".task .action-danger");
    if (remove && Date.now() < deleteGuardUntil) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
  ["htmx:responseError", "htmx:sendError"].forEach(function (name) {
    document.addEventListener(name, function () { deleteGuardUntil = 0; });
  });

  function cancelEdit(editing) {
    var cancel = editing.querySelector(".edit-buttons a");
    if (cancel) cancel.click();
  }

  // --- Keyboard shortcuts (listed in the "?" dialog, web/templates/web/_shortcuts.html) -----------------
  function typing(target) {
    return target.closest && !!target.closest("input, textarea, select, [contenteditable]:not([contenteditable=false])");
  }

  function shortcut(key) {
    var row = rowOf(document.activeElement);
    row = row && row.dataset.task ? row : null;
    var rows = taskRows();
    switch (key) {
      case "q": return focusField("add_title");
      case "/": return focusField("filter-q");
      case "j":
      case "k": {
        if (!rows.length) return false;
        var at = row ? rows.indexOf(row) : -1;
        var next = key === "j" ? (at < 0 ? 0 : Math.min(at + 1, rows.length - 1)) : (at < 0 ? rows.length - 1 : Math.max(at - 1, 0));
        focusRow(rows[next], "check");
        return true;
      }
      case "x": return press(row, ".check:not(.check-small)");
      case "e": return press(row, ".task-actions a.action");
      case "Delete": return press(row, ".action-danger");
      case "u": {
        var undo = document.querySelector("#toasts .toast-action") || document.getElementById("undo-latest");
        if (!undo) return false;
        if (row) lastRow = { task: row.dataset.task, index: rows.indexOf(row) };
        if (undo.tagName === "FORM") undo.requestSubmit(); else undo.click();
        return true;
      }
      case "?": {
        var dialog = document.getElementById("shortcuts");
        if (!dialog) return false;
        dialog.showModal();
        return true;
      }
    }
    return false;
  }
  function focusField(id) {
    var field = document.getElementById(id);
    if (!field) return false;
    field.focus();
    return true;
  }
  function press(row, selector) {
    var control = row && row.querySelector(selector);
    if (!control) return false;
    control.click();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      // Escape cancels an edit (focus goes back to the row), or closes an open menu (back to its button).
      var editing = event.target.closest && event.target.closest("[data-editing]");
      if (editing) { event.preventDefault(); cancelEdit(editing); return; }
      var menu = document.querySelector("details.account-menu[open]");
      if (menu) { menu.open = false; menu.querySelector("summary").focus(); return; }
      // Out of the add box or the search, back to the list: the shortcuts work again.
      if (event.target.id === "add_title" || event.target.id === "filter-q") event.target.blur();
      return;
    }
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target) || document.querySelector("dialog[open]")) return;
    if (shortcut(event.key)) event.preventDefault();
  });

  // Menus (the account and the bell) close on a tap or a click outside, and when focus moves out of them.
  function closeMenusOutside(target) {
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      if (!menu.contains(target)) menu.open = false;
    });
  }
  document.addEventListener("pointerdown", function (event) { closeMenusOutside(event.target); });
  document.addEventListener("focusin", function (event) { closeMenusOutside(event.target); });

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
    }
    var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    // Earlier messages put above: focus goes to the next "Show earlier" button, or the oldest message.
    if (trigger && trigger.matches && trigger.matches("[data-earlier]")) {
      var more = document.querySelector("#chat-messages [data-earlier]");
      var oldest = document.querySelector("#chat-messages .bubble");
      if (more) more.focus();
      else if (oldest) { oldest.tabIndex = -1; oldest.focus(); }
    }
    if (target && target.id === "task-panel" && deleteGuardUntil === Infinity) deleteGuardUntil = Date.now() + 800;
    // A chip taken off is gone with its button: the person goes on typing in the add box.
    if (target && target.id === "add-understood" && trigger && trigger.classList.contains("chip-remove")) {
      var title = document.getElementById("add_title");
      if (title) title.focus();
    }
    autoDismiss();
  });

  document.addEventListener("htmx:oobAfterSwap", function () { autoDismiss(); });

  // Focus returns once the redrawn panel is live (htmx wires its buttons as it settles): a key pressed at once
  // then acts on a row that works.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if ((target && target.id === "task-panel") || (event.detail.elt && event.detail.elt.id === "task-panel")) restoreFocus();
  });

  // A row turned into its form: the title (or the first field with an error) is where the person types.
  document.addEventListener("htmx:load", function (event) {
    var editing = event.detail.elt;
    if (!editing.matches || !editing.matches("[data-editing]")) return;
    var field = editing.querySelector("[aria-invalid=true]") || editing.querySelector("input[name=title]");
    if (field) { field.focus(); focusAfter = null; }
  });

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
