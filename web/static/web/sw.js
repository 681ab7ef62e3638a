/* The service worker: shows a reminder pushed to this browser, and opens its task when it is clicked. */
"use strict";

self.addEventListener("push", function (event) {
  var message = {};
  try { message = event.data ? event.data.json() : {}; } catch (error) { message = { title: event.data.text() }; }
  var title = message.title || "Reminder";
  event.waitUntil(self.registration.showNotification(title, {
    body: message.body || "",
    tag: message.tag || undefined,  // the same reminder twice replaces itself instead of showing twice
    icon: "/static/web/icon-192.png",
    badge: "/static/web/icon-192.png",
    data: { url: message.url || "/tasks/" },
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = new URL(event.notification.data && event.notification.data.url || "/tasks/", self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (windows[i].url === url && "focus" in windows[i]) { return windows[i].focus(); }
    }
    return self.clients.openWindow(url);
  }));
});
