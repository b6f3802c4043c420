// Passkeys (WebAuthn): adding one on the security page, signing in with one on the sign-in page.
// The server (Identity) makes the options and verifies the result; this file only carries them to and from the browser.

async function post(url, token, body) {
  return fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': token },
    body: body === undefined ? null : JSON.stringify(body),
  });
}

async function problem(response) {
  try {
    const p = await response.json();
    const fields = p.errors ? Object.values(p.errors).flat() : [];
    return fields.length ? fields.join(' ') : (p.detail || p.title || `Error ${response.status}`);
  } catch {
    return `Error ${response.status}`;
  }
}

function supported() {
  return !!(window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON);
}

function ceremonyError(e) {
  return e && e.name === 'NotAllowedError' ? 'The passkey prompt was cancelled or timed out.' : (e && e.message) || String(e);
}

/** Security page: creates a passkey for the signed-in account and stores it under the given name. */
export async function register(token, name) {
  if (!supported()) return { ok: false, error: 'This browser cannot create passkeys.' };
  const optionsResponse = await post('/account/passkeys/creation-options', token);
  if (!optionsResponse.ok) return { ok: false, error: await problem(optionsResponse) };
  let credential;
  try {
    const options = PublicKeyCredential.parseCreationOptionsFromJSON(await optionsResponse.json());
    credential = await navigator.credentials.create({ publicKey: options });
  } catch (e) {
    return { ok: false, error: ceremonyError(e) };
  }
  const saved = await post('/account/passkeys', token, { name, credential: JSON.stringify(credential) });
  return saved.ok ? { ok: true } : { ok: false, error: await problem(saved) };
}

/** Sign-in page: asks the browser for a passkey of this site and posts it with the (static) passkey form. */
export async function signIn(button) {
  const form = document.getElementById(button.dataset.passkeySignin);
  const say = (text) => { const el = form.querySelector('[data-passkey-error]'); if (el) el.textContent = text; };
  if (!supported()) { say('This browser cannot use passkeys. Sign in with your password.'); return; }
  const token = form.querySelector('input[name="__RequestVerificationToken"]').value;
  button.disabled = true;
  try {
    const optionsResponse = await post('/account/passkeys/request-options', token);
    if (!optionsResponse.ok) { say(await problem(optionsResponse)); return; }
    const options = PublicKeyCredential.parseRequestOptionsFromJSON(await optionsResponse.json());
    const credential = await navigator.credentials.get({ publicKey: options });
    form.querySelector('[data-passkey-credential]').value = JSON.stringify(credential);
    form.submit();
  } catch (e) {
    say(ceremonyError(e));
  } finally {
    button.disabled = false;
  }
}
