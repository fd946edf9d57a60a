#include "guide_text.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace trustgate::guide::text {

namespace {

using policy::Compliance;
using policy::Language;

struct Words {
  std::string_view key, en, es;
};

std::string pick(const Words& w, Language lang) {
  return std::string(lang == Language::Spanish ? w.es : w.en);
}

// The phrase for `key` in `table`, or `fallback` when the schema added a
// value this table does not know.
template <size_t N>
std::string lookup(const Words (&table)[N], std::string_view key, Language lang,
                   const std::string& fallback) {
  for (const Words& w : table) {
    if (w.key == key) return pick(w, lang);
  }
  return fallback;
}

constexpr Words kShortActions[] = {
    {"hold_beyond_release", "hold", "retener"},
    {"transfer_custody", "hand over", "entregar"},
    {"notify_release", "release date", "fecha de salida"},
    {"facility_use", "use of facilities", "uso de instalaciones"},
    {"interview_access", "interview", "entrevista"},
    {"share_records", "records", "registros"},
    {"share_immigration_status", "status", "estatus"},
    {"inquire_status", "ask status", "preguntar estatus"},
    {"database_access", "databases", "bases de datos"},
    {"on_scene_assistance", "help", "ayuda"},
    {"joint_operation", "joint operation", "operativo conjunto"},
    {"arrest_civil", "civil arrest", "arresto civil"},
};

constexpr Words kInstruments[] = {
    {"detainer", "the document is an ICE detainer (form I-247A)",
     "el documento es una orden de detención migratoria (detainer, formulario I-247A)"},
    {"voluntary_notification", "the document is a request for notice of release (form I-247N)",
     "el documento es una solicitud de aviso de salida (formulario I-247N)"},
    {"admin_arrest_warrant", "the document is an administrative arrest warrant (form I-200)",
     "el documento es una orden administrativa de arresto (formulario I-200)"},
    {"admin_removal_warrant", "the document is an administrative removal warrant (form I-205)",
     "el documento es una orden administrativa de deportación (formulario I-205)"},
    {"judicial_warrant", "the document is a warrant",
     "el documento es una orden de arresto o registro (warrant)"},
    {"court_order", "the document is a court order", "el documento es una orden de un tribunal"},
    {"admin_subpoena", "the document is an administrative subpoena",
     "el documento es una citación administrativa (subpoena)"},
    {"judicial_subpoena", "the document is a court subpoena",
     "el documento es una citación judicial (subpoena)"},
    {"informal", "it is a phone call, e-mail or visit, with no document",
     "es una llamada, un correo electrónico o una visita, sin documento"},
    {"none", "there is no request document at all", "no hay ningún documento de solicitud"},
};

constexpr Words kSigners[] = {
    {"judge", "a judge signed it", "la firmó un juez"},
    {"immigration_officer", "an immigration officer signed it",
     "la firmó un agente de inmigración"},
    {"other", "someone other than a judge or an immigration officer signed it",
     "la firmó otra persona (ni un juez ni un agente de inmigración)"},
    {"none", "nobody signed it", "nadie la firmó"},
};

constexpr Words kPurposes[] = {
    {"civil_immigration_enforcement", "the stated purpose is civil immigration enforcement",
     "el propósito declarado es hacer cumplir las leyes civiles de inmigración"},
    {"criminal_investigation", "the stated purpose is a criminal investigation",
     "el propósito declarado es una investigación penal"},
    {"other",
     "the stated purpose is something other than immigration enforcement or a criminal "
     "investigation",
     "el propósito declarado no es ni la aplicación de las leyes de inmigración ni una "
     "investigación penal"},
};

constexpr Words kRequesters[] = {
    {"ice-ero", "ICE Enforcement and Removal Operations (ERO) asks",
     "quien lo pide es ICE, Operaciones de Control y Deportación (ERO)"},
    {"ice-hsi", "ICE Homeland Security Investigations (HSI) asks",
     "quien lo pide es ICE, Investigaciones de Seguridad Nacional (HSI)"},
    {"cbp", "U.S. Customs and Border Protection (CBP) asks",
     "quien lo pide es la Oficina de Aduanas y Protección Fronteriza (CBP)"},
    {"uscis", "U.S. Citizenship and Immigration Services (USCIS) asks",
     "quien lo pide es el Servicio de Ciudadanía e Inmigración (USCIS)"},
    {"fbi", "the FBI asks", "quien lo pide es el FBI"},
    {"dea", "the DEA asks", "quien lo pide es la DEA"},
    {"usms", "the U.S. Marshals Service asks", "quien lo pide es el Servicio de Alguaciles (USMS)"},
    {"state-police", "the state police ask", "quien lo pide es la policía estatal"},
    {"other", "another agency asks", "quien lo pide es otra agencia"},
};

constexpr Words kFacts[] = {
    {"supervisor_on_site", "a supervisor is on site", "hay un supervisor presente"},
    {"written_consent", "the person consented in writing",
     "la persona dio su consentimiento por escrito"},
    {"serious_conviction",
     "the person has a conviction for a serious or violent crime (date unknown)",
     "la persona tiene una condena por un delito grave o violento (fecha desconocida)"},
    {"watchlist_match", "the person may match the federal terrorist screening database",
     "la persona podría coincidir con la base de datos federal de detección de terroristas"},
    {"lawful_status_proof", "the person showed proof of citizenship or lawful status",
     "la persona mostró prueba de ciudadanía o de estatus legal"},
    {"pending_felony_charge", "a felony charge against the person is pending",
     "hay un cargo por delito grave (felony) pendiente contra la persona"},
    {"probable_cause_finding", "a judge found probable cause on that felony charge",
     "un juez determinó que hay causa probable para ese cargo por delito grave"},
    {"outstanding_criminal_warrant", "a criminal warrant for the person is outstanding",
     "hay una orden de arresto penal vigente contra la persona"},
    {"gang_database_listed", "the person is listed as a gang member in a law enforcement database",
     "la persona figura como pandillero en una base de datos policial"},
    {"prior_removal_order", "the person has a prior final order of removal",
     "la persona tiene una orden final de deportación anterior"},
    {"process_addressed_to_agency", "the order or subpoena names your agency as the one to act",
     "la orden o la citación nombra a su agencia como la que debe actuar"},
    {"information_public", "the information asked for is already public",
     "la información que piden ya es pública"},
    {"written_consent_disclosure", "the person authorized the disclosure in writing",
     "la persona autorizó por escrito que se divulgue"},
    {"attending_court_proceeding",
     "the person is going to, at, or coming back from a court proceeding",
     "la persona va a una audiencia judicial, está en ella o regresa de ella"},
    {"cost_reimbursement_agreement", "a written agreement reimburses your agency's costs",
     "un acuerdo escrito reembolsa los costos de su agencia"},
};

constexpr Words kConvictionClasses[] = {
    {"serious_violent_felony", "a conviction for a serious or violent felony",
     "una condena por un delito grave o violento"},
    {"other_felony", "a conviction for another felony",
     "una condena por otro delito grave (felony)"},
    {"misdemeanor", "a misdemeanor conviction", "una condena por un delito menor (misdemeanor)"},
};

constexpr Words kConvictionAges[] = {
    {"none", "none", "ninguna"},
    {"under_5_years", "less than 5 years ago", "hace menos de 5 años"},
    {"5_to_10_years", "5 to 10 years ago", "hace entre 5 y 10 años"},
    {"10_to_15_years", "10 to 15 years ago", "hace entre 10 y 15 años"},
    {"15_years_or_more", "15 or more years ago", "hace 15 años o más"},
};

constexpr Words kInterviewModes[] = {
    {"in_person", "the interview would be in person", "la entrevista sería en persona"},
    {"phone", "the interview would be by phone", "la entrevista sería por teléfono"},
    {"video", "the interview would be by video", "la entrevista sería por video"},
};

std::string change_phrase(const Change& c, const policy::Vocabulary& v, Language lang) {
  const bool es = lang == Language::Spanish;
  switch (c.kind) {
    case Change::Kind::Instrument: {
      const std::string& name = v.instruments.values[c.value];
      return lookup(kInstruments, name, lang,
                    (es ? "el documento es " : "the document is ") + name);
    }
    case Change::Kind::Signer: {
      const std::string& name = v.signers.values[c.value];
      return lookup(kSigners, name, lang, (es ? "firmante: " : "signed by: ") + name);
    }
    case Change::Kind::Purpose: {
      const std::string& name = v.purposes.values[c.value];
      return lookup(kPurposes, name, lang, (es ? "propósito: " : "purpose: ") + name);
    }
    case Change::Kind::Requester: {
      const std::string& name = v.requesters.values[c.value];
      return lookup(kRequesters, name, lang, (es ? "quien lo pide: " : "requester: ") + name);
    }
    case Change::Kind::Custody:
      if (c.value) return es ? "la persona está bajo su custodia" : "the person is in your custody";
      return es ? "la persona no está bajo su custodia" : "the person is not in your custody";
    case Change::Kind::Fact: {
      const std::string& name = v.facts[c.index];
      std::string phrase = lookup(kFacts, name, lang, name);
      if (c.value) return phrase;
      return (es ? "no se da esto: " : "not so: ") + phrase;
    }
    case Change::Kind::Conviction: {
      const std::string& cls = v.conviction_classes[c.index];
      const std::string& age = v.conviction_ages.values[c.value];
      std::string what = lookup(kConvictionClasses, cls, lang, cls);
      if (age == "none") return (es ? "sin " : "no ") + what;
      return (es ? "la persona tiene " : "the person has ") + what + ", " +
             lookup(kConvictionAges, age, lang, age);
    }
    case Change::Kind::Interview: {
      const std::string& name = v.interview_modes.values[c.value];
      return lookup(kInterviewModes, name, lang, name);
    }
  }
  return {};
}

std::string short_action(const std::string& action, Language lang) {
  return lookup(kShortActions, action, lang, action);
}

std::string usual_case(const Guide& g, const Row& row, const policy::Vocabulary& v, Language lang) {
  const Statement& u = row.usual.front();
  const bool es = lang == Language::Spanish;
  std::string out = lookup(kInstruments, v.instruments.values[u.situation.instrument], lang, "");
  out += "; " + lookup(kSigners, v.signers.values[u.situation.signed_by], lang, "");
  out += "; " + lookup(kRequesters, v.requesters.values[u.situation.requester], lang, "");
  out += "; " + lookup(kPurposes, v.purposes.values[u.situation.purpose], lang, "");
  out += "; " + change_phrase({Change::Kind::Custody, 0, u.situation.in_custody}, v, lang);
  out += es ? "; ninguna de las circunstancias de abajo, sin condenas, entrevista en persona."
            : "; none of the circumstances below, no convictions, an interview in person.";
  (void)g;
  return out;
}

// 5308416000 -> "5,308,416,000" (English) or "5.308.416.000" (Spanish).
std::string grouped(uint64_t n, Language lang) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += lang == Language::Spanish ? '.' : ',';
    out += digits[i];
  }
  return out;
}

std::string coverage(const Row& row, Language lang) {
  uint64_t total = 0;
  for (uint64_t n : row.cells) total += n;
  std::string out =
      grouped(total, lang) + (lang == Language::Spanish ? " situaciones: " : " situations: ");
  bool first = true;
  for (size_t c = 0; c < 4; ++c) {
    if (row.cells[c] == 0) continue;
    char pct[32];
    double share =
        total ? 100.0 * static_cast<double>(row.cells[c]) / static_cast<double>(total) : 0;
    if (share > 0 && share < 0.1) {
      std::snprintf(pct, sizeof pct, "<0.1%%");
    } else {
      std::snprintf(pct, sizeof pct, "%.1f%%", share);
    }
    out += (first ? "" : ", ") + std::string(pct) + " " +
           answer_label(static_cast<Compliance>(c), lang);
    first = false;
  }
  return out;
}

Item item(const Guide& g, const Statement& s, const policy::Vocabulary& v,
          const policy::Wording& w) {
  Item it;
  it.action = short_action(v.actions[s.action], w.language());
  for (const Change& c : s.changes) {
    it.when += (it.when.empty() ? "" : "; ") + change_phrase(c, v, w.language());
  }
  it.sentences = policy::outcome_sentences(s.outcome, *g.law, v, w);
  it.compliance = s.outcome.compliance;
  it.changes = s.changes;
  return it;
}

// Groups items by condition; each group's explanation lines once each, the
// reasons first, then what follows.
std::vector<ItemGroup> group_items(const std::vector<Item>& items, Language lang) {
  using policy::SentenceLabel;
  std::vector<ItemGroup> out;
  std::vector<std::vector<std::pair<std::string, std::string>>> later;  // per group: Then, Warning
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    auto g =
        std::find_if(out.begin(), out.end(), [&](const ItemGroup& x) { return x.when == it.when; });
    if (g == out.end()) {
      g = out.insert(out.end(), ItemGroup{it.when, {}, {}, it.changes});
      later.emplace_back();
    }
    auto& tail = later[static_cast<size_t>(g - out.begin())];
    g->items.push_back(i);
    auto add = [](std::vector<std::pair<std::string, std::string>>& to, std::string_view label,
                  const std::string& line) {
      std::pair<std::string, std::string> l{std::string(label), line};
      if (std::find(to.begin(), to.end(), l) == to.end()) to.push_back(std::move(l));
    };
    const policy::OutcomeSentences& s = it.sentences;
    for (const std::string& why : s.why)
      add(g->lines, sentence_label(SentenceLabel::Why, lang), why);
    if (!s.likely_prevails.empty())
      add(g->lines, sentence_label(SentenceLabel::LikelyPrevails, lang), s.likely_prevails);
    if (!s.meanwhile.empty())
      add(g->lines, sentence_label(SentenceLabel::Meanwhile, lang), s.meanwhile);
    if (!s.note.empty()) add(g->lines, "", s.note);
    for (const std::string& then : s.then)
      add(tail, sentence_label(SentenceLabel::Then, lang), then);
    for (const std::string& w : s.warnings)
      add(tail, sentence_label(SentenceLabel::Warning, lang), w);
  }
  for (size_t g = 0; g < out.size(); ++g) {
    for (auto& l : later[g]) {
      if (std::find(out[g].lines.begin(), out[g].lines.end(), l) == out[g].lines.end())
        out[g].lines.push_back(std::move(l));
    }
  }
  return out;
}

// "the stated purpose is anything but civil immigration enforcement": every
// value of a dimension but the usual one, for the kinds and usual values this
// table knows; "" otherwise.
std::string all_but(const Change& c, uint8_t usual, const policy::Vocabulary& v, Language lang) {
  const bool es = lang == Language::Spanish;
  auto name = [](const policy::Terms& t, uint8_t i) { return std::string_view(t.values[i]); };
  switch (c.kind) {
    case Change::Kind::Purpose:
      if (name(v.purposes, usual) == "civil_immigration_enforcement")
        return es ? "el propósito declarado es cualquier otro que hacer cumplir las leyes civiles "
                    "de "
                    "inmigración"
                  : "the stated purpose is anything but civil immigration enforcement";
      return "";
    case Change::Kind::Signer:
      if (name(v.signers, usual) == "judge")
        return es ? "no la firmó un juez" : "no judge signed it";
      if (name(v.signers, usual) == "immigration_officer")
        return es ? "no la firmó un agente de inmigración" : "no immigration officer signed it";
      return "";
    case Change::Kind::Requester:
      if (name(v.requesters, usual) == "ice-ero")
        return es ? "quien lo pide no es ICE ERO" : "anyone but ICE ERO asks";
      return "";
    case Change::Kind::Interview:
      if (name(v.interview_modes, usual) == "in_person")
        return es ? "la entrevista no sería en persona" : "the interview would not be in person";
      return "";
    case Change::Kind::Conviction:
      if (name(v.conviction_ages, usual) == "none") {
        const std::string& cls = v.conviction_classes[c.index];
        return (es ? "la persona tiene " : "the person has ") +
               lookup(kConvictionClasses, cls, lang, cls) +
               (es ? ", de cualquier fecha" : ", of any date");
      }
      return "";
    default:
      return "";
  }
}

// The usual value of a change's dimension.
uint8_t usual_value(const Change& c, const policy::Situation& u) {
  switch (c.kind) {
    case Change::Kind::Instrument:
      return u.instrument;
    case Change::Kind::Signer:
      return u.signed_by;
    case Change::Kind::Purpose:
      return u.purpose;
    case Change::Kind::Requester:
      return u.requester;
    case Change::Kind::Custody:
      return u.in_custody;
    case Change::Kind::Fact:
      return (u.facts >> c.index) & 1U;
    case Change::Kind::Conviction:
      return u.convictions[c.index];
    case Change::Kind::Interview:
      return u.interview_mode;
  }
  return 0;
}

size_t value_count(const Change& c, const policy::Vocabulary& v) {
  switch (c.kind) {
    case Change::Kind::Signer:
      return v.signers.values.size();
    case Change::Kind::Purpose:
      return v.purposes.values.size();
    case Change::Kind::Requester:
      return v.requesters.values.size();
    case Change::Kind::Conviction:
      return v.conviction_ages.values.size();
    case Change::Kind::Interview:
      return v.interview_modes.values.size();
    default:
      return 0;  // not merged
  }
}

// Merges exception groups that say the same thing and differ in one
// dimension whose every value but the usual one they cover: "the stated
// purpose is a criminal investigation" and "... something other ..." become
// "the stated purpose is anything but civil immigration enforcement".
void merge_alike(std::vector<ItemGroup>& groups, const std::vector<Item>& items,
                 const policy::Situation& usual, const policy::Vocabulary& v, Language lang) {
  auto said = [&](const ItemGroup& g) {
    std::vector<std::string> out;
    for (size_t i : g.items) out.push_back(items[i].action + "\n" + items[i].sentences.headline);
    for (const auto& [label, line] : g.lines) out.push_back(label + "\n" + line);
    return out;
  };
  for (size_t a = 0; a < groups.size(); ++a) {
    for (size_t pos = 0; pos < groups[a].changes.size(); ++pos) {
      const Change& c = groups[a].changes[pos];
      size_t n = value_count(c, v);
      if (n == 0) continue;
      std::vector<size_t> same{a};
      for (size_t b = a + 1; b < groups.size(); ++b) {
        const auto& x = groups[a].changes;
        const auto& y = groups[b].changes;
        if (y.size() != x.size()) continue;
        bool alike = y[pos].kind == c.kind && y[pos].index == c.index;
        for (size_t k = 0; alike && k < x.size(); ++k) alike = k == pos || x[k] == y[k];
        if (alike && said(groups[b]) == said(groups[a])) same.push_back(b);
      }
      if (same.size() + 1 != n) continue;  // every value but the usual one
      std::string phrase = all_but(c, usual_value(c, usual), v, lang);
      if (phrase.empty()) continue;
      std::string when;
      for (size_t k = 0; k < groups[a].changes.size(); ++k) {
        when += (when.empty() ? "" : "; ") +
                (k == pos ? phrase : change_phrase(groups[a].changes[k], v, lang));
      }
      groups[a].when = when;
      for (auto it = same.rbegin(); it != same.rend() - 1; ++it) groups.erase(groups.begin() + *it);
      break;
    }
  }
}

}  // namespace

std::string answer_label(Compliance c, Language lang) {
  const bool es = lang == Language::Spanish;
  switch (c) {
    case Compliance::Required:
      return es ? "CUMPLA" : "COMPLY";
    case Compliance::Prohibited:
      return es ? "NIÉGUESE" : "DECLINE";
    case Compliance::Discretionary:
      return es ? "LLAME A UN SUPERVISOR" : "CALL A SUPERVISOR";
    case Compliance::Conflict:
      return es ? "LLAME AL ASESOR JURÍDICO" : "CALL COUNSEL";
  }
  return {};
}

std::string document_name(Document d, Language lang) {
  static constexpr Words kNames[] = {
      {"", "Detainer (I-247A)", "Orden de detención migratoria (detainer, I-247A)"},
      {"", "Notification request (I-247N)", "Solicitud de aviso de salida (I-247N)"},
      {"", "Administrative warrant (I-200, I-205)", "Orden administrativa de ICE (I-200, I-205)"},
      {"", "Judge's warrant or order", "Orden o mandamiento firmado por un juez"},
      {"", "Subpoena", "Citación (subpoena)"},
      {"", "Phone call or visit", "Llamada o visita"},
  };
  return pick(kNames[static_cast<size_t>(d)], lang);
}

std::string ask_name(Ask a, Language lang) {
  static constexpr Words kNames[] = {
      {"", "Hold", "Retener"},
      {"", "Tell the release date", "Dar la fecha de salida"},
      {"", "Let agents in", "Dejar entrar a los agentes"},
      {"", "Interview", "Entrevista"},
      {"", "Share records or status", "Compartir registros o estatus"},
      {"", "Database access", "Acceso a bases de datos"},
      {"", "Help on the scene", "Ayuda en el lugar"},
  };
  return pick(kNames[static_cast<size_t>(a)], lang);
}

const Strings& strings(Language lang) {
  static const Strings en{
      "Field guide",
      "law in force on",
      "Summary: what to do when immigration agents ask",
      "Document",
      "Each cell is the answer in the usual case: ICE ERO asks for civil immigration enforcement, "
      "with the document as usually signed and nothing else special. A mark (†) means some "
      "circumstance changes the answer: see the document's page. CALL A SUPERVISOR: the law "
      "allows it but does not require it. CALL COUNSEL: the layers of law conflict; do not act "
      "until counsel decides.",
      "†",
      "The usual case",
      "What changes the answer (the usual case, with only these differences)",
      "Nothing in the law changes this answer.",
      "Situations this row covers",
      "Policy version",
      "Generated by trustgate from the policy packs by deciding every situation of the request "
      "space; the sentences are those of `trustgate decide --format text`.",
      "Page",
  };
  static const Strings es{
      "Guía práctica",
      "ley vigente el",
      "Resumen: qué hacer cuando los agentes de inmigración piden algo",
      "Documento",
      "Cada casilla es la respuesta en el caso habitual: ICE ERO lo pide para hacer cumplir las "
      "leyes civiles de inmigración, con el documento firmado como de costumbre y nada más fuera "
      "de lo común. Una marca (†) indica que alguna circunstancia cambia la respuesta: vea la "
      "página del documento. LLAME A UN SUPERVISOR: la ley lo permite pero no lo exige. LLAME AL "
      "ASESOR JURÍDICO: las capas de la ley se contradicen; no actúe hasta que decida el asesor "
      "jurídico (abogado de la ciudad).",
      "†",
      "El caso habitual",
      "Qué cambia la respuesta (el caso habitual, solo con estas diferencias)",
      "Nada en la ley cambia esta respuesta.",
      "Situaciones que cubre esta fila",
      "Versión de las políticas",
      "Generada por trustgate a partir de los paquetes de políticas, decidiendo cada situación "
      "posible; las frases son las de `trustgate decide --format text`.",
      "Página",
  };
  return lang == Language::Spanish ? es : en;
}

PageText page_text(const Guide& g, const policy::Vocabulary& v, const policy::Wording& w) {
  const Language lang = w.language();
  const Strings& s = strings(lang);
  PageText p;
  std::string agency = g.agency ? g.agency->entry->name : g.jurisdiction;
  p.title = s.title + ": " + agency;
  p.subtitle = g.jurisdiction + " — " + s.law_in_force + " " + g.date.to_string();
  p.running = agency + " · " + g.jurisdiction + " · " + s.law_in_force + " " + g.date.to_string();
  p.disclaimer = w.disclaimer(*g.law->layers.back());
  p.policy_version = s.policy_version + " " + g.law->policy_version;
  for (size_t a = 0; a < kAsks; ++a) p.columns.push_back(ask_name(static_cast<Ask>(a), lang));
  for (const Row& row : g.rows) {
    RowText t;
    t.document = document_name(row.document, lang);
    t.ask = ask_name(row.ask, lang);
    for (const Statement& st : row.usual) t.usual.push_back(item(g, st, v, w));
    for (const Statement& st : row.exceptions) t.exceptions.push_back(item(g, st, v, w));
    t.changes = !t.exceptions.empty();
    bool alike = true;
    for (const Item& it : t.usual) alike = alike && it.compliance == t.usual.front().compliance;
    for (const Item& it : t.usual) {
      if (alike) {
        t.cell = answer_label(it.compliance, lang);
        break;
      }
      t.cell += (t.cell.empty() ? "" : "; ") + it.action + ": " + answer_label(it.compliance, lang);
    }
    t.usual_groups = group_items(t.usual, lang);
    t.exception_groups = group_items(t.exceptions, lang);
    merge_alike(t.exception_groups, t.exceptions, row.usual.front().situation, v, lang);
    t.usual_case = usual_case(g, row, v, lang);
    t.coverage = coverage(row, lang);
    p.rows.push_back(std::move(t));
  }
  return p;
}

}  // namespace trustgate::guide::text
