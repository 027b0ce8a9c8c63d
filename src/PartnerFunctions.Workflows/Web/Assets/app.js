// Progressive enhancement only: every page works without this script.
// - form[data-confirm]: asks before submitting (start a run, revoke a key).
// - [data-poll]: reloads the element's content from its URL every few seconds (a run's live progress, a certification's
//   timeline), with the parts listed in data-poll-with.
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
            // Parts named by data-poll-with (other ids) come from the same response; only a change is written, so a
            // live region announces news, not every tick.
            (element.getAttribute('data-poll-with') || '').split(' ').concat([element.id]).forEach(function (id) {
              var current = id && document.getElementById(id);
              var next = id && doc.getElementById(id);
              if (current && next && current.innerHTML !== next.innerHTML) { current.innerHTML = next.innerHTML; }
            });
            if (!fresh.hasAttribute('data-poll')) { element.removeAttribute('data-poll'); window.clearInterval(timer); }
          }
        })
        .catch(function () { /* the next tick tries again */ });
    }, 1500);
  }

  document.querySelectorAll('[data-poll][id]').forEach(poll);
})();
