// The one way the pages call trustgate: the public REST API (/v1), the same
// calls a city's own systems make. JSON in and out; an answer that is not
// 2xx becomes an ApiError carrying the RFC 9457 problem (its `errors` name
// each bad field by JSON Pointer). A change made with the session cookie
// sends the X-CSRF-Token that /v1/me returns.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
  // [{pointer, detail}] (at least one entry).
  get fieldErrors() {
    const list = Array.isArray(this.problem.errors) ? this.problem.errors : [];
    return list.length ? list : [{ pointer: '', detail: this.message }];
  }
}

let csrf = '';

export async function api(path, { method = 'GET', body, text = false } = {}) {
  const headers = { Accept: text ? 'text/plain' : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const r = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.ok) {
    if (text) return r.text();
    const type = r.headers.get('Content-Type') || '';
    return type.includes('json') ? r.json() : r.text();
  }
  let problem = { status: r.status, title: r.statusText };
  try { problem = await r.json(); } catch { /* not JSON: keep the status line */ }
  throw new ApiError(r.status, problem);
}

// The signed-in user ({id, name, role, agency, jurisdiction}), or null for
// the public. Remembers the session's CSRF token for later changes.
export async function whoami() {
  try {
    const me = await api('/v1/me');
    csrf = me.csrf_token || '';
    return me;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null;
    throw e;
  }
}

export async function login(name, password) {
  const r = await api('/v1/login', { method: 'POST', body: { name, password } });
  csrf = r.csrf_token || '';
  return r.user;
}

export async function logout() {
  await api('/v1/logout', { method: 'POST' });
  csrf = '';
}

export const encode = encodeURIComponent;
