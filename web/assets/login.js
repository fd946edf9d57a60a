// Sign in with a password (POST /v1/login sets the session cookie), then go
// to the page asked for or the role's own page.
import { login } from './api.js';
import { h, fill, param } from './dom.js';
import { homeFor, publicPage } from './layout.js';

publicPage();
const form = document.getElementById('login');
const status = document.getElementById('status');
const nameInput = document.getElementById('name');
const passwordInput = document.getElementById('password');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  fill(status);
  const name = nameInput.value.trim();
  if (!name || !passwordInput.value) {
    fill(status, h('p', { class: 'field-error' }, 'Enter your login name and password.'));
    (name ? passwordInput : nameInput).focus();
    return;
  }
  try {
    const user = await login(name, passwordInput.value);
    const next = param('next');
    location.assign(next.startsWith('/') && !next.startsWith('//') ? next : homeFor(user.role));
  } catch (e) {
    fill(status, h('p', { class: 'field-error' }, e.message));
    passwordInput.value = '';
    passwordInput.focus();
  }
});
