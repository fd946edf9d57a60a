// Shared by the public pages: the header and the choice of jurisdiction.
import { api } from './api.js';
import { h, fill } from './dom.js';

export { publicPage } from './layout.js';

const KEY = 'trustgate.jurisdiction';

// Fills `select` with the jurisdictions and resolves to the one to show:
// `wanted` (from the address), else the one chosen last in this browser,
// else the first that publishes know-your-rights contacts, else the first.
export async function pickJurisdiction(select, wanted) {
  const { jurisdictions } = await api('/v1/jurisdictions');
  const ids = jurisdictions.map(j => j.id);
  let id = [wanted, localStorage.getItem(KEY)].find(x => x && ids.includes(x));
  if (!id) {
    const publishing = jurisdictions.filter(j => j.public_contacts > 0)
      .sort((a, b) => b.public_contacts - a.public_contacts || b.chain.length - a.chain.length);
    id = (publishing[0] || jurisdictions[0]).id;
  }
  fill(select, jurisdictions.map(j => h('option', { value: j.id, selected: j.id === id }, j.name)));
  localStorage.setItem(KEY, id);
  return id;
}
