#include "trustgate/policy/wording.h"

#include <utility>

#include "base/storage.h"
#include "trustgate/common/json.h"

namespace trustgate::policy {

namespace {

struct Phrase {
  std::string_view action, en, es;
};

// What doing each action means, as an instruction. Actions the schema adds
// later fall back to their name.
constexpr Phrase kActionPhrases[] = {
    {"hold_beyond_release", "hold this person past their release time",
     "retener a esta persona después de su hora de salida"},
    {"notify_release", "tell the requester when this person will be released",
     "decirle al solicitante cuándo saldrá esta persona"},
    {"transfer_custody", "hand this person over to the requester",
     "entregar a esta persona al solicitante"},
    {"interview_access", "let the requester interview or reach this person",
     "dejar que el solicitante entreviste o contacte a esta persona"},
    {"share_records", "share records about this person", "compartir registros sobre esta persona"},
    {"share_immigration_status", "share immigration or citizenship status information",
     "compartir información sobre el estatus migratorio o la ciudadanía"},
    {"database_access", "give the requester access to agency databases",
     "darle al solicitante acceso a las bases de datos de la agencia"},
    {"on_scene_assistance", "assist the requester at the scene",
     "ayudar al solicitante en el lugar de los hechos"},
    {"facility_use", "let the requester use agency facilities",
     "dejar que el solicitante use las instalaciones de la agencia"},
    {"joint_operation", "take part in a joint operation with the requester",
     "participar en un operativo conjunto con el solicitante"},
    {"inquire_status", "ask about this person's immigration status",
     "preguntar por el estatus migratorio de esta persona"},
    {"arrest_civil", "make a civil immigration arrest", "hacer un arresto civil de inmigración"},
};

constexpr std::pair<std::string_view, std::string_view> kLayersEs[] = {
    {"federal", "federal"}, {"state", "estatal"},        {"county", "del condado"},
    {"city", "municipal"},  {"agency", "de la agencia"},
};

std::string headline(Compliance c, const std::string& phrase, Language lang) {
  if (lang == Language::Spanish) {
    switch (c) {
      case Compliance::Required:
        return "CUMPLA — " + phrase + ". La ley lo exige.";
      case Compliance::Prohibited:
        return "NIÉGUESE — no debe " + phrase + ".";
      case Compliance::Discretionary:
        return "CONSULTE A UN SUPERVISOR — la ley le permite " + phrase +
               ", pero no lo exige; decide un supervisor.";
      case Compliance::Conflict:
        return "CONSULTE AL ASESOR JURÍDICO — las capas de la ley se contradicen sobre si " +
               phrase + ". No actúe hasta que decida el asesor jurídico.";
    }
    return {};
  }
  switch (c) {
    case Compliance::Required:
      return "COMPLY — " + phrase + ". The law requires it.";
    case Compliance::Prohibited:
      return "DECLINE — do not " + phrase + ".";
    case Compliance::Discretionary:
      return "REFER TO A SUPERVISOR — the law allows you to " + phrase +
             " but does not require it; a supervisor decides.";
    case Compliance::Conflict:
      return "REFER TO COUNSEL — the layers of law conflict on whether to " + phrase +
             ". Do not act until counsel decides.";
  }
  return {};
}

// What an officer does while counsel decides a conflict.
std::string meanwhile(const Outcome& o, const Wording& w) {
  if (o.likely_prevails && !o.likely_prevails->meanwhile.empty()) {
    return w.meanwhile(*o.likely_prevails);
  }
  for (const Provision* p : o.because) {
    if (!p->meanwhile.empty()) return w.meanwhile(*p);
  }
  if (w.language() == Language::Spanish) {
    return "Hasta que responda el asesor jurídico, no dé ningún paso sobre esta solicitud más allá "
           "de lo que haría sin ella. Si a la persona le toca salir antes de que responda el "
           "asesor jurídico, llámelo de inmediato; no la retenga después de su hora de salida sin "
           "instrucciones del asesor jurídico.";
  }
  return "Until counsel answers, take no step on this request beyond what you would do without "
         "it. If the person becomes due for release before counsel answers, call counsel at "
         "once; do not hold them past their release time without counsel's instruction.";
}

base::Status read_translation(const Pack& pack, Language lang,
                              std::map<std::string, std::string, std::less<>>& disclaimers,
                              std::map<std::string, std::string, std::less<>>& obligations,
                              auto& policies) {
  const std::string code(language_code(lang));
  const auto file = pack.directory / ("translation." + code + ".json");
  if (std::error_code ec; !std::filesystem::exists(file, ec)) return base::Status::Ok();
  auto text = base::read_file(file);
  if (!text) return text.error();
  auto json = common::parse_json(*text);
  auto bad = [&](const std::string& field, const std::string& message) {
    return base::Error{file.string() + ": " + field + ": " + message};
  };
  if (!json) return bad("", json.error().message);
  if (!json->is_object()) return bad("", "expected an object");
  if (json->string_or_empty("language") != code)
    return bad("language", "expected \"" + code + "\"");
  for (const auto& [key, value] : json->as_object()) {
    if (key == "language") continue;
    if (key == "disclaimer") {
      if (!value.is_string()) return bad(key, "expected a string");
      disclaimers[pack.id] = value.as_string();
    } else if (key == "policies" && value.is_object()) {
      for (const auto& [id, entry] : value.as_object()) {
        bool known = false;
        for (const Provision& p : pack.provisions) known = known || p.id == id;
        if (!known) return bad("policies/" + id, "no such policy in pack " + pack.id);
        if (!entry.is_object()) return bad("policies/" + id, "expected an object");
        auto& slot = policies[id];
        slot.explain = std::string(entry.string_or_empty("explain"));
        slot.meanwhile = std::string(entry.string_or_empty("meanwhile"));
      }
    } else if (key == "obligations" && value.is_object()) {
      for (const auto& [id, entry] : value.as_object()) {
        if (!pack.obligation(id))
          return bad("obligations/" + id, "no such obligation in " + pack.id);
        if (!entry.is_string()) return bad("obligations/" + id, "expected a string");
        obligations[pack.id + "/" + id] = entry.as_string();
      }
    } else {
      return bad(key, "unknown member (language, disclaimer, policies, obligations)");
    }
  }
  return base::Status::Ok();
}

}  // namespace

std::string_view language_code(Language lang) { return lang == Language::Spanish ? "es" : "en"; }

std::optional<Language> parse_language(std::string_view code) {
  if (code == "en") return Language::English;
  if (code == "es") return Language::Spanish;
  return std::nullopt;
}

base::Result<Wording> Wording::load(const Chain& chain, Language lang) {
  Wording w;
  w.lang_ = lang;
  if (lang == Language::English) return w;
  for (const auto& pack : chain.packs) {
    if (auto s = read_translation(*pack, lang, w.disclaimers_, w.obligations_, w.policies_); !s) {
      return s.error();
    }
  }
  // What a guide or decision would print untranslated.
  for (const auto& pack : chain.packs) {
    for (const Provision& p : pack->provisions) {
      auto it = w.policies_.find(p.id);
      if (it == w.policies_.end() || it->second.explain.empty() ||
          (!p.meanwhile.empty() && it->second.meanwhile.empty())) {
        w.missing_.push_back(p.id);
      }
    }
    for (const Obligation& o : pack->obligations) {
      if (!w.obligations_.count(pack->id + "/" + o.id)) w.missing_.push_back(pack->id + "/" + o.id);
    }
    if (!w.disclaimers_.count(pack->id)) w.missing_.push_back(pack->id + " (disclaimer)");
  }
  return w;
}

const std::string& Wording::explain(const Provision& p) const {
  auto it = policies_.find(p.id);
  return it != policies_.end() && !it->second.explain.empty() ? it->second.explain : p.explain;
}

const std::string& Wording::meanwhile(const Provision& p) const {
  auto it = policies_.find(p.id);
  return it != policies_.end() && !it->second.meanwhile.empty() ? it->second.meanwhile
                                                                : p.meanwhile;
}

std::string Wording::obligation(const Law& law, std::string_view id) const {
  // The most specific layer defining it, as Law::obligation does.
  for (auto it = law.layers.rbegin(); it != law.layers.rend(); ++it) {
    const Obligation* def = (*it)->obligation(std::string(id));
    if (!def) continue;
    auto t = obligations_.find((*it)->id + "/" + std::string(id));
    return t != obligations_.end() ? t->second : def->text;
  }
  return std::string(id);
}

const std::string& Wording::disclaimer(const Pack& pack) const {
  auto it = disclaimers_.find(pack.id);
  return it != disclaimers_.end() ? it->second : pack.disclaimer;
}

std::string Wording::layer(const std::string& layer) const {
  if (lang_ == Language::Spanish) {
    for (const auto& [en, es] : kLayersEs) {
      if (en == layer) return std::string(es);
    }
  }
  return layer;
}

std::string Wording::action_phrase(const std::string& action) const {
  for (const Phrase& p : kActionPhrases) {
    if (p.action == action) return std::string(lang_ == Language::Spanish ? p.es : p.en);
  }
  return (lang_ == Language::Spanish ? "realizar \"" : "carry out \"") + action + "\"";
}

std::string_view sentence_label(SentenceLabel label, Language lang) {
  const bool es = lang == Language::Spanish;
  switch (label) {
    case SentenceLabel::Why:
      return es ? "Por qué" : "Why";
    case SentenceLabel::LikelyPrevails:
      return es ? "Probablemente prevalece" : "Likely prevails";
    case SentenceLabel::Meanwhile:
      return es ? "Mientras tanto" : "Meanwhile";
    case SentenceLabel::Then:
      return es ? "Después" : "Then";
    case SentenceLabel::Warning:
      return es ? "Advertencia" : "Warning";
  }
  return {};
}

OutcomeSentences outcome_sentences(const Outcome& o, const Law& law, const Vocabulary& vocab,
                                   const Wording& w) {
  const bool es = w.language() == Language::Spanish;
  OutcomeSentences s;
  s.headline = headline(o.compliance, w.action_phrase(vocab.actions[o.action]), w.language());
  for (const Provision* p : o.because) {
    s.why.push_back(w.explain(*p) + " (" + p->cite + "; " + w.layer(p->layer) + ")");
  }
  if (const Provision* p = o.likely_prevails) {
    s.likely_prevails = es ? "la ley " + w.layer(p->layer) + " (" + p->pack +
                                 "), que desplaza expresamente la norma contraria: " + p->preempts
                           : "the " + p->layer + " law (" + p->pack +
                                 "), which expressly preempts the contrary rule: " + p->preempts;
  }
  if (o.compliance == Compliance::Conflict) s.meanwhile = meanwhile(o, w);
  if (o.undetermined) {
    s.note =
        es ? "Nota: ninguna política cubre parte de esta pregunta; consulte al asesor jurídico."
           : "Note: no policy covers part of this question; ask counsel.";
  }
  for (std::string_view ob : o.obligations) s.then.push_back(w.obligation(law, ob));
  for (const std::string& e : o.errors) {
    s.warnings.push_back(
        (es ? "no se pudo evaluar una política: " : "a policy could not be evaluated: ") + e);
  }
  return s;
}

}  // namespace trustgate::policy
