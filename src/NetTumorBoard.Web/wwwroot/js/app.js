// Small browser facts and memories the server-rendered components need.
window.ntb = {
  // Minutes east of UTC (JavaScript's getTimezoneOffset is west-positive).
  utcOffsetMinutes: () => -new Date().getTimezoneOffset(),
  // The IANA time zone ("Europe/Berlin"), so a date on the other side of a daylight-saving change gets its own offset.
  timeZone: () => { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch { return null; } },
  // The meeting this tab has joined survives a reload of the tab (sessionStorage is per tab).
  meeting: {
    get: () => { try { return JSON.parse(sessionStorage.getItem('ntb.meeting')); } catch { return null; } },
    set: (id, following) => sessionStorage.setItem('ntb.meeting', JSON.stringify({ id, following })),
    clear: () => sessionStorage.removeItem('ntb.meeting'),
  },
};

// "Sign in with a passkey" on the (static) sign-in page; the module loads only when someone uses it.
document.addEventListener('click', (event) => {
  const button = event.target.closest && event.target.closest('[data-passkey-signin]');
  if (!button) return;
  event.preventDefault();
  import('./passkeys.js').then((m) => m.signIn(button));
});
