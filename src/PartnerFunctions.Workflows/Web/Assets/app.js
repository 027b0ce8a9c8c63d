// Progressive enhancement only: every page works without this script.
// - form[data-confirm]: asks before submitting (start a run, revoke a key).
// - [data-poll]: reloads the element's content from its URL every few seconds (a run's live progress).
(function () {
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  function poll(element) {
    var url = element.getAttribute('data-poll');
    var timer = window.setInterval(function () {
      fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var fresh = doc.getElementById(element.id);
          if (fresh) {
            element.innerHTML = fresh.innerHTML;
            if (!fresh.hasAttribute('data-poll')) { element.removeAttribute('data-poll'); window.clearInterval(timer); }
          }
        })
        .catch(function () { /* the next tick tries again */ });
    }, 1500);
  }

  document.querySelectorAll('[data-poll][id]').forEach(poll);
})();
