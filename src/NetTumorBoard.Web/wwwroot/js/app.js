// Small browser facts the server-rendered components need.
window.ntb = {
  // Minutes east of UTC (JavaScript's getTimezoneOffset is west-positive).
  utcOffsetMinutes: () => -new Date().getTimezoneOffset(),
};
