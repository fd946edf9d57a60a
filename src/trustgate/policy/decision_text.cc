// The desk officer's rendering of a Decision.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "base/text.h"
#include "trustgate/policy/decision.h"

namespace trustgate::policy {

namespace {

// What doing the action means, as an instruction ("hold this person ...").
// Actions the schema adds later fall back to their name.
std::string action_phrase(const std::string& action) {
  static const std::pair<std::string_view, std::string_view> kPhrases[] = {
      {"hold_beyond_release", "hold this person past their release time"},
      {"notify_release", "tell the requester when this person will be released"},
      {"transfer_custody", "hand this person over to the requester"},
      {"interview_access", "let the requester interview or reach this person"},
      {"share_records", "share records about this person"},
      {"share_immigration_status", "share immigration or citizenship status information"},
      {"database_access", "give the requester access to agency databases"},
      {"on_scene_assistance", "assist the requester at the scene"},
      {"facility_use", "let the requester use agency facilities"},
      {"joint_operation", "take part in a joint operation with the requester"},
      {"inquire_status", "ask about this person's immigration status"},
      {"arrest_civil", "make a civil immigration arrest"},
  };
  for (const auto& [name, phrase] : kPhrases) {
    if (name == action) return std::string(phrase);
  }
  return "carry out \"" + action + "\"";
}

std::string headline(Compliance c, const std::string& phrase) {
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
std::string meanwhile(const Outcome& o) {
  if (o.likely_prevails && !o.likely_prevails->meanwhile.empty()) {
    return o.likely_prevails->meanwhile;
  }
  for (const Provision* p : o.because) {
    if (!p->meanwhile.empty()) return p->meanwhile;
  }
  return "Until counsel answers, take no step on this request beyond what you would do without "
         "it. If the person becomes due for release before counsel answers, call counsel at "
         "once; do not hold them past their release time without counsel's instruction.";
}

}  // namespace

std::string decision_to_text(const Decision& d, const Vocabulary& vocab) {
  // The request's own text is escaped: it must not print lines of its own.
  std::string out =
      "Request " + (d.request_id.empty() ? std::string("(no id)") : base::printable(d.request_id)) +
      " — " + d.jurisdiction;
  if (d.agency) out += ", " + d.agency->entry->name;
  out += ", law in force on " + d.law_date.to_string() + "\n";
  std::vector<std::string_view> listed;
  for (const Outcome& o : d.outcomes) {
    const std::string& action = vocab.actions[o.action];
    out += "\n" + action + ": " + headline(o.compliance, action_phrase(action)) + "\n";
    for (const Provision* p : o.because) {
      out += "  Why: " + p->explain + " (" + p->cite + "; " + p->layer + ")\n";
    }
    if (const Provision* p = o.likely_prevails) {
      out += "  Likely prevails: the " + p->layer + " law (" + p->pack + "), which expressly " +
             "preempts the contrary rule: " + p->preempts + "\n";
    }
    if (o.compliance == Compliance::Conflict) out += "  Meanwhile: " + meanwhile(o) + "\n";
    if (o.undetermined) out += "  Note: no policy covers part of this question; ask counsel.\n";
    for (std::string_view ob : o.obligations) {
      // Each obligation is listed once, under the first action it follows from.
      if (std::find(listed.begin(), listed.end(), ob) != listed.end()) continue;
      listed.push_back(ob);
      const Obligation* def = d.law->obligation(std::string(ob));
      out += "  Then: " + (def ? def->text : std::string(ob)) + "\n";
    }
    for (const std::string& e : o.errors)
      out += "  Warning: a policy could not be evaluated: " + e + "\n";
  }
  out += "\nPolicy version " + d.policy_version + ". This is " + std::string(kDisclaimer) + ".\n";
  return out;
}

}  // namespace trustgate::policy
