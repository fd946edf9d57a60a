// Wording: the words a decision is explained in, in one language, and the
// plain-language sentences of an outcome (what `decide --format text` prints
// and what field guides print; one code path for both).
//
// English is the packs' own text (@explain, @meanwhile, pack.json's
// obligations and disclaimer). Another language reads each pack's
// translation.<code>.json beside its pack.json:
//   {"language": "es",
//    "disclaimer": "...",                               (optional)
//    "policies": {"<policy id>": {"explain": "...", "meanwhile": "..."}},
//    "obligations": {"<obligation id>": "..."}}
// Translations are not law: they are not part of a pack's digest, so a
// pack's policy_version does not change with them. Every key must name a
// policy or obligation of that pack (a stale translation fails to load).
// Text with no translation falls back to English; missing() lists it.
// Citations are never translated.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/policy/decision.h"
#include "trustgate/policy/library.h"

namespace trustgate::policy {

enum class Language : uint8_t { English, Spanish };

// "en" or "es".
std::string_view language_code(Language lang);
std::optional<Language> parse_language(std::string_view code);

class Wording {
 public:
  // The packs' own English text.
  Wording() = default;
  // The translations of every pack of `chain` into `lang` (nothing to read
  // for English). Fails on an unreadable or malformed file, or a key naming
  // no policy or obligation of its pack.
  static base::Result<Wording> load(const Chain& chain, Language lang);

  Language language() const { return lang_; }
  const std::string& explain(const Provision& p) const;
  const std::string& meanwhile(const Provision& p) const;
  // The obligation as the most specific layer of `law` defining it says.
  std::string obligation(const Law& law, std::string_view id) const;
  const std::string& disclaimer(const Pack& pack) const;
  // "state", "city" ... in this language.
  std::string layer(const std::string& layer) const;
  // What doing the action means, as an instruction ("hold this person past
  // their release time").
  std::string action_phrase(const std::string& action) const;
  // Text that had no translation since load (policy and obligation ids).
  const std::vector<std::string>& missing() const { return missing_; }

 private:
  struct PolicyText {
    std::string explain, meanwhile;
  };
  Language lang_ = Language::English;
  std::map<std::string, PolicyText, std::less<>> policies_;
  std::map<std::string, std::string, std::less<>> obligations_;  // "<pack>/<id>" -> text
  std::map<std::string, std::string, std::less<>> disclaimers_;  // pack id -> text
  std::vector<std::string> missing_;
};

// The plain-language sentences of one outcome under `law`, in `w`'s language.
struct OutcomeSentences {
  std::string headline;           // "DECLINE — do not hold this person past their release time."
  std::vector<std::string> why;   // "<explain> (<cite>; <layer>)", per determining policy
  std::string likely_prevails;    // conflicts with a preempting layer, else ""
  std::string meanwhile;          // conflicts only, else ""
  std::string note;               // the packs do not decide part of it, else ""
  std::vector<std::string> then;  // the obligations' instructions, in order
  std::vector<std::string> warnings;  // policies that could not be evaluated
};

OutcomeSentences outcome_sentences(const Outcome& o, const Law& law, const Vocabulary& vocab,
                                   const Wording& w);

// The labels before each kind of sentence ("Why", "Then", ...).
enum class SentenceLabel : uint8_t { Why, LikelyPrevails, Meanwhile, Then, Warning };
std::string_view sentence_label(SentenceLabel label, Language lang);

}  // namespace trustgate::policy
