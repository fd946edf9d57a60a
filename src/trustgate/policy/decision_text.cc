// The desk officer's rendering of a Decision: the sentences of each outcome
// (wording.h, shared with the field guides), one per line.
#include <algorithm>
#include <string>
#include <string_view>

#include "base/text.h"
#include "trustgate/policy/decision.h"
#include "trustgate/policy/wording.h"

namespace trustgate::policy {

std::string decision_to_text(const Decision& d, const Vocabulary& vocab) {
  const Wording english;
  // The request's own text is escaped: it must not print lines of its own.
  std::string out =
      "Request " + (d.request_id.empty() ? std::string("(no id)") : base::printable(d.request_id)) +
      " — " + d.jurisdiction;
  if (d.agency) out += ", " + d.agency->entry->name;
  out += ", law in force on " + d.law_date.to_string() + "\n";
  std::vector<std::string_view> listed;
  for (const Outcome& o : d.outcomes) {
    OutcomeSentences s = outcome_sentences(o, *d.law, vocab, english);
    out += "\n" + vocab.actions[o.action] + ": " + s.headline + "\n";
    for (const std::string& why : s.why) out += "  Why: " + why + "\n";
    if (!s.likely_prevails.empty()) out += "  Likely prevails: " + s.likely_prevails + "\n";
    if (!s.meanwhile.empty()) out += "  Meanwhile: " + s.meanwhile + "\n";
    if (!s.note.empty()) out += "  " + s.note + "\n";
    for (size_t i = 0; i < o.obligations.size(); ++i) {
      // Each obligation is listed once, under the first action it follows from.
      if (std::find(listed.begin(), listed.end(), o.obligations[i]) != listed.end()) continue;
      listed.push_back(o.obligations[i]);
      out += "  Then: " + s.then[i] + "\n";
    }
    for (const std::string& w : s.warnings) out += "  Warning: " + w + "\n";
  }
  out += "\nPolicy version " + d.policy_version + ". This is " + std::string(kDisclaimer) + ".\n";
  return out;
}

}  // namespace trustgate::policy
