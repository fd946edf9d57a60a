// The public pages in English and Spanish. The language is the one the
// person chose with the switch (kept in this browser), else the browser's
// first language if it is Spanish, else English. A page marks its texts
// with data-i18n="key": the English text is in the page itself (it is what
// shows before this runs); the Spanish one is here. t(key) gives a text
// for the scripts.

const es = {
  'skip': 'Saltar al contenido',
  'nav.home': 'Inicio',
  'nav.rights': 'Conozca sus derechos',
  'nav.laws': 'Políticas publicadas',
  'nav.reports': 'Informes',
  'nav.signin': 'Acceso para personal',
  'nav.main': 'Principal',
  'home.title': 'La ley local y las solicitudes federales de inmigración',
  'home.lead': 'Este sitio muestra cómo las agencias locales deciden, según la ley vigente, las solicitudes de las autoridades federales de inmigración, y cuáles son sus derechos.',
  'home.rights': 'Conozca sus derechos',
  'home.rights.text': 'Qué puede hacer si la policía o inmigración le piden información, y dónde obtener ayuda legal gratuita.',
  'home.laws': 'Políticas publicadas',
  'home.laws.text': 'Las reglas que siguen las agencias locales, en lenguaje sencillo, con sus citas legales y fechas de vigencia.',
  'home.reports': 'Informes de transparencia',
  'home.reports.text': 'Cuántas solicitudes se recibieron, cuántas se aceptaron y cuántas se rechazaron.',
  'home.locator': 'Buscar a una persona bajo custodia de ICE',
  'home.locator.text': 'El localizador oficial de detenidos de ICE (sitio del gobierno federal).',
  'home.record': 'Cada solicitud y cada decisión quedan en un registro que no se puede alterar sin que se note; cualquiera puede comprobarlo.',
  'home.disclaimer': 'Esto es información, no asesoría legal.',
  'rights.title': 'Conozca sus derechos',
  'rights.lead': 'Información para usted y su familia. No es asesoría legal: para su caso, hable con un abogado.',
  'rights.place': 'Lugar',
  'rights.show': 'Mostrar',
  'rights.general': 'Sus derechos',
  'rights.local': 'Lo que la ley local dice a las agencias de aquí',
  'rights.help': 'Dónde obtener ayuda legal',
  'rights.find': 'Encontrar a una persona bajo custodia de ICE',
  'rights.find.text': 'Si un familiar fue detenido por inmigración, el localizador en línea de ICE dice en qué centro de detención está. Necesita su nombre, país de nacimiento y fecha de nacimiento, o su número de registro de extranjero (número A).',
  'rights.none': 'Este lugar no ha publicado contactos todavía.',
  'rights.phone': 'Teléfono',
  'rights.web': 'Sitio web',
  'rights.languages': 'Idiomas',
  'rights.source': 'Fuente (consultada el',
  'rights.cite': 'Cita',
  'laws.title': 'Políticas publicadas',
  'laws.lead': 'Las reglas que aplican las agencias locales a las solicitudes federales de inmigración, capa por capa (federal, estatal, condado, ciudad), con su cita legal y fechas de vigencia.',
  'laws.date': 'Ley vigente el',
  'laws.english': 'Las reglas sin traducción se muestran en inglés, tal como se publicaron.',
  'laws.in_force': 'Vigente',
  'laws.from': 'desde',
  'laws.to': 'hasta',
  'laws.always': 'sin fecha de inicio',
  'laws.now': 'hoy',
  'laws.layer': 'Capa',
  'laws.version': 'Versión de la ley',
  'reports.title': 'Informes de transparencia',
  'reports.lead': 'Cuántas solicitudes federales de inmigración recibieron las agencias locales y qué respondieron. Los números pequeños se ocultan para proteger a las personas.',
  'reports.missing': 'Este servidor todavía no publica informes. Cuando lo haga, aparecerán aquí.',
  'reports.kind': 'Informe',
  'reports.checkpoint': 'Calculado sobre el registro firmado',
  'lang.switch': 'English',
  'loading': 'Cargando…',
  'error': 'No se pudo cargar:',
};

// English texts that only scripts show (the others are in the pages).
const en = {
  'rights.none': 'This place has not published contacts yet.',
  'rights.phone': 'Phone',
  'rights.web': 'Web site',
  'rights.languages': 'Languages',
  'rights.source': 'Source (seen on',
  'laws.english': 'Rules without a translation are shown in English, as published.',
  'laws.in_force': 'In force',
  'laws.from': 'from',
  'laws.to': 'to',
  'laws.always': 'from the start',
  'laws.now': 'today',
  'laws.layer': 'Layer',
  'laws.version': 'Version of the law',
  'laws.date': 'Law in force on',
  'reports.missing': 'This server does not publish reports yet. When it does, they will appear here.',
  'reports.checkpoint': 'Computed over the signed record',
};

const KEY = 'trustgate.lang';

export function language() {
  const chosen = localStorage.getItem(KEY);
  if (chosen === 'en' || chosen === 'es') return chosen;
  const first = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
  return first.toLowerCase().startsWith('es') ? 'es' : 'en';
}

const english = { ...en };

export function t(key) {
  if (language() === 'es' && es[key]) return es[key];
  return english[key] || key;
}

// Translates the page (and remembers its English texts, for switching back).
export function translate(root = document) {
  const lang = language();
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const key = el.dataset.i18n;
    if (!(key in english)) english[key] = el.textContent;
    el.textContent = lang === 'es' && es[key] ? es[key] : english[key];
  }
}

export function setLanguage(lang) {
  localStorage.setItem(KEY, lang);
}
