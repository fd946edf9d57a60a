#include "trustgate/policy/pack.h"

#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "base/digest.h"
#include "base/storage.h"
#include "cedar/parser.h"
#include "trustgate/policy/decision.h"

namespace trustgate::policy {

namespace fs = std::filesystem;
using simdjson::dom::element;

namespace {

constexpr const char* kLayers[] = {"federal", "state", "county", "city", "agency"};
constexpr const char* kAnnotations[] = {"id",         "cite",           "explain",
                                        "obligation", "effective_from", "effective_to",
                                        "preempts",   "meanwhile"};

cedar::Error manifest_error(const fs::path& file, const std::string& field, const std::string& m) {
  return cedar::Error{file.string() + ": " + field + ": " + m};
}

// A date field that may be null or absent.
cedar::Result<std::optional<Date>> optional_date(element obj, const char* key,
                                                 const fs::path& file) {
  element v;
  if (obj.at_key(key).get(v) || v.is_null()) return std::optional<Date>{};
  std::string_view s;
  if (v.get_string().get(s)) return manifest_error(file, key, "expected a date or null");
  auto d = parse_date(s);
  if (!d) return manifest_error(file, key, d.error().message);
  return std::optional<Date>{*d};
}

cedar::Result<std::string> required_string(element obj, const char* key, const fs::path& file) {
  std::string_view s;
  if (obj.at_key(key).get_string().get(s) || s.empty()) {
    return manifest_error(file, key, "required non-empty string");
  }
  return std::string(s);
}

bool deadline_event(std::string_view name) {
  return std::find(kDeadlineEvents.begin(), kDeadlineEvents.end(), name) != kDeadlineEvents.end();
}

// An obligation's "deadline" (pack.h, ObligationDeadline).
cedar::Result<ObligationDeadline> read_deadline(const fs::path& file, const std::string& field,
                                                element value) {
  constexpr const char* kShape =
      "expected {\"hours\": 1 to 8760, \"from\": a case event, \"met_by\": [case events], "
      "\"skip_weekends\": true or false}; case events: received, released, held, transferred, "
      "notified, notice_given, bail_posted";
  ObligationDeadline d;
  simdjson::dom::object obj;
  if (value.get_object().get(obj)) return manifest_error(file, field, kShape);
  for (auto [k, v] : obj) {
    std::string_view s;
    int64_t n = 0;
    simdjson::dom::array list;
    bool ok = false;
    if (k == "hours") {
      ok = !v.get_int64().get(n) && n >= 1 && n <= 8760;
      d.hours = n;
    } else if (k == "from") {
      ok = !v.get_string().get(s) && deadline_event(s);
      d.from = s;
    } else if (k == "met_by") {
      ok = !v.get_array().get(list) && list.size() > 0;
      for (element e : list) {
        ok = ok && !e.get_string().get(s) && deadline_event(s) && s != "received";
        if (ok) d.met_by.emplace_back(s);
      }
    } else if (k == "skip_weekends") {
      ok = !v.get_bool().get(d.skip_weekends);
    }
    if (!ok) return manifest_error(file, field + "." + std::string(k), kShape);
  }
  if (d.hours == 0 || d.from.empty() || d.met_by.empty()) {
    return manifest_error(file, field, std::string("needs hours, from and met_by: ") + kShape);
  }
  return d;
}

// One member of pack.json's "obligations" (pack.h, Obligation).
cedar::Result<Obligation> read_obligation(const fs::path& file, std::string_view key,
                                          element value) {
  const std::string field = "obligations." + std::string(key);
  Obligation o{std::string(key), {}, {}, false, std::nullopt};
  std::string_view text;
  if (!value.get_string().get(text)) {
    o.text = text;
    return o;
  }
  simdjson::dom::object obj;
  if (value.get_object().get(obj)) {
    return manifest_error(file, field,
                          "expected a string or {\"text\", \"sign_off\", \"on_site\"}");
  }
  for (auto [k, v] : obj) {
    std::string_view s;
    bool b = false;
    if (k == "text" && !v.get_string().get(s)) {
      o.text = s;
    } else if (k == "sign_off" && !v.get_string().get(s) && (s == "supervisor" || s == "counsel")) {
      o.sign_off = s;
    } else if (k == "on_site" && !v.get_bool().get(b)) {
      o.on_site = b;
    } else if (k == "deadline") {
      auto d = read_deadline(file, field + ".deadline", v);
      if (!d) return d.error();
      o.deadline = std::move(*d);
    } else {
      return manifest_error(file, field + "." + std::string(k),
                            "expected text (a string), sign_off (\"supervisor\" or "
                            "\"counsel\"), on_site (true or false) or deadline");
    }
  }
  if (o.text.empty()) return manifest_error(file, field + ".text", "required");
  if (o.on_site && o.sign_off.empty()) {
    return manifest_error(file, field + ".on_site", "needs a sign_off role");
  }
  return o;
}

cedar::Status read_lists(element root, const fs::path& file, Pack& pack) {
  simdjson::dom::array fields;
  if (!root.at_key("unrecordable_fields").get_array().get(fields)) {
    for (element f : fields) {
      std::string_view s;
      if (f.get_string().get(s))
        return manifest_error(file, "unrecordable_fields", "expected strings");
      pack.unrecordable_fields.emplace_back(s);
    }
  }
  simdjson::dom::object obligations;
  if (!root.at_key("obligations").get_object().get(obligations)) {
    for (auto [key, value] : obligations) {
      auto o = read_obligation(file, key, value);
      if (!o) return o.error();
      pack.obligations.push_back(std::move(*o));
    }
  }
  simdjson::dom::array sources;
  if (root.at_key("sources").get_array().get(sources) || sources.size() == 0) {
    return manifest_error(file, "sources", "required: a non-empty list of sources with citations");
  }
  for (element s : sources) {
    std::string_view cite;
    if (s.at_key("cite").get_string().get(cite) || cite.empty()) {
      return manifest_error(file, "sources", "every source needs a `cite`");
    }
  }
  return cedar::Status::Ok();
}

// pack.json `agencies`: {"<id>": {"name", "kind", "layers": [...],
// "placeholder"?}}. The layers must end with this pack.
cedar::Status read_agencies(element root, const fs::path& file, const Vocabulary& vocab,
                            Pack& pack) {
  simdjson::dom::object agencies;
  if (root.at_key("agencies").get_object().get(agencies)) return cedar::Status::Ok();
  for (auto [key, value] : agencies) {
    std::string field = "agencies." + std::string(key);
    AgencyEntry a;
    a.id = std::string(key);
    a.pack = pack.id;
    std::string_view name, kind;
    if (value.at_key("name").get_string().get(name) || name.empty())
      return manifest_error(file, field + ".name", "required non-empty string");
    a.name = std::string(name);
    if (value.at_key("kind").get_string().get(kind))
      return manifest_error(file, field + ".kind",
                            "required (" + vocab.agency_kinds.choices() + ")");
    auto k = vocab.agency_kinds.find(kind);
    if (!k) {
      return manifest_error(
          file, field + ".kind",
          "unknown kind \"" + std::string(kind) + "\" (" + vocab.agency_kinds.choices() + ")");
    }
    a.kind = *k;
    simdjson::dom::array layers;
    if (value.at_key("layers").get_array().get(layers))
      return manifest_error(file, field + ".layers", "required: the pack ids that bind it");
    for (element l : layers) {
      std::string_view id;
      if (l.get_string().get(id))
        return manifest_error(file, field + ".layers", "expected strings");
      a.layers.emplace_back(id);
    }
    if (a.layers.empty() || a.layers.back() != pack.id) {
      return manifest_error(file, field + ".layers",
                            "must end with this pack, \"" + pack.id + "\"");
    }
    bool placeholder = false;
    if (!value.at_key("placeholder").get_bool().get(placeholder)) a.placeholder = placeholder;
    pack.agencies.push_back(std::move(a));
  }
  return cedar::Status::Ok();
}

cedar::Status read_manifest(const fs::path& dir, const std::string& text, const Vocabulary& vocab,
                            Pack& pack) {
  const fs::path file = dir / "pack.json";
  simdjson::dom::parser parser;
  element root;
  if (auto err = parser.parse(text).get(root)) {
    return cedar::Error{file.string() + ": not valid JSON: " + simdjson::error_message(err)};
  }
  auto id = required_string(root, "id", file);
  if (!id) return id.error();
  if (*id != dir.filename().string()) {
    return manifest_error(file, "id", "\"" + *id + "\" must equal the folder name");
  }
  pack.id = *id;
  auto name = required_string(root, "name", file);
  if (!name) return name.error();
  pack.name = *name;
  auto layer = required_string(root, "layer", file);
  if (!layer) return layer.error();
  if (std::find(std::begin(kLayers), std::end(kLayers), *layer) == std::end(kLayers)) {
    return manifest_error(file, "layer", "must be federal, state, county, city or agency");
  }
  pack.layer = *layer;
  element parent;
  if (!root.at_key("parent").get(parent) && !parent.is_null()) {
    std::string_view p;
    if (parent.get_string().get(p) || p.empty())
      return manifest_error(file, "parent", "expected a pack id or null");
    pack.parent = std::string(p);
  }
  auto from = optional_date(root, "effective_from", file);
  if (!from) return from.error();
  auto to = optional_date(root, "effective_to", file);
  if (!to) return to.error();
  pack.in_force = DateRange{*from, *to};
  auto disclaimer = required_string(root, "disclaimer", file);
  if (!disclaimer) return disclaimer.error();
  if (disclaimer->find(kDisclaimer) == std::string::npos) {
    return manifest_error(file, "disclaimer", "must say \"" + std::string(kDisclaimer) + "\"");
  }
  pack.disclaimer = *disclaimer;
  element zone;
  if (!root.at_key("time_zone").get(zone) && !zone.is_null()) {
    std::string_view z;
    if (zone.get_string().get(z) || z.empty())
      return manifest_error(file, "time_zone", "expected an IANA time zone name or null");
    pack.time_zone = std::string(z);
  }
  bool context_only = false;
  if (!root.at_key("context_only").get_bool().get(context_only)) pack.context_only = context_only;
  if (auto s = read_agencies(root, file, vocab, pack); !s) return s;
  return read_lists(root, file, pack);
}

cedar::Result<std::vector<Question>> questions_of(const cedar::Policy& p, const Vocabulary& v,
                                                  bool& discloses) {
  std::vector<Question> out;
  discloses = false;
  // `action == A`, `action in A` and `action in [A, ...]` all name actions
  // directly: the schema declares no action groups.
  auto add = [&](const cedar::EntityUid& uid) -> cedar::Status {
    if (v.release.present && uid == v.release.disclose_uid) {
      discloses = true;
      return cedar::Status::Ok();
    }
    for (size_t i = 0; i < v.actions.size(); ++i) {
      if (uid == v.do_uids[i] || uid == v.refuse_uids[i]) {
        out.push_back({static_cast<uint8_t>(i), uid == v.refuse_uids[i]});
        return cedar::Status::Ok();
      }
    }
    return cedar::Error{"unknown action " + uid.to_string() +
                        " (not in policies/schema.cedarschema)"};
  };
  if (p.action.kind == cedar::ActionConstraint::Kind::Any) {
    discloses = v.release.present;
    for (size_t i = 0; i < v.actions.size(); ++i) {
      out.push_back({static_cast<uint8_t>(i), false});
      out.push_back({static_cast<uint8_t>(i), true});
    }
    return out;
  }
  for (const cedar::EntityUid& uid : p.action.uids) {
    if (auto s = add(uid); !s) return s.error();
  }
  return out;
}

std::vector<std::string> split_obligations(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    size_t b = cur.find_first_not_of(" \t"), e = cur.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (char c : text) {
    if (c == ',') {
      flush();
    } else {
      cur += c;
    }
  }
  flush();
  return out;
}

cedar::Result<std::optional<Date>> annotation_date(const cedar::Policy& p, const char* key) {
  auto text = p.annotation(key);
  if (!text) return std::optional<Date>{};
  auto d = parse_date(*text);
  if (!d) return cedar::Error{"@" + std::string(key) + ": " + d.error().message};
  return std::optional<Date>{*d};
}

// Checks one parsed policy's annotations and fills its provision.
// Whether `e` reads the `action` variable. A Law routes requests by question
// and evaluates conditions without an action, so conditions must not read it.
bool reads_action(const cedar::Expr& e) {
  if (e.kind == cedar::Expr::Kind::Variable && e.var == cedar::Var::Action) return true;
  for (const auto& a : e.args) {
    if (a && reads_action(*a)) return true;
  }
  return false;
}

cedar::Result<Provision> provision_of(const cedar::Policy& p, const Pack& pack,
                                      const Vocabulary& v) {
  for (const cedar::Condition& c : p.conditions) {
    if (c.body && reads_action(*c.body)) {
      return cedar::Error{
          "a when/unless condition reads `action`; name the actions in the "
          "policy's scope instead (one policy per set of actions)"};
    }
  }
  for (const cedar::Annotation& a : p.annotations) {
    if (std::find(std::begin(kAnnotations), std::end(kAnnotations), a.key) ==
        std::end(kAnnotations)) {
      return cedar::Error{"unknown annotation @" + a.key};
    }
  }
  Provision prov;
  for (auto [key, out] : {std::pair{"id", &prov.id}, std::pair{"cite", &prov.cite},
                          std::pair{"explain", &prov.explain}}) {
    auto value = p.annotation(key);
    if (!value || value->empty()) return cedar::Error{"needs a non-empty @" + std::string(key)};
    *out = *value;
  }
  if (!prov.id.starts_with(pack.id + "/")) {
    return cedar::Error{"@id \"" + prov.id + "\" must start with \"" + pack.id + "/\""};
  }
  if (p.is_template()) return cedar::Error{"templates are not allowed in packs"};
  prov.pack = pack.id;
  prov.layer = pack.layer;
  if (auto o = p.annotation("obligation")) prov.obligations = split_obligations(*o);
  if (auto pre = p.annotation("preempts")) prov.preempts = *pre;
  if (auto m = p.annotation("meanwhile")) prov.meanwhile = *m;
  auto from = annotation_date(p, "effective_from");
  if (!from) return from.error();
  auto to = annotation_date(p, "effective_to");
  if (!to) return to.error();
  prov.in_force = DateRange{*from, *to};
  auto questions = questions_of(p, v, prov.discloses);
  if (!questions) return questions.error();
  prov.questions = std::move(*questions);
  prov.line = p.loc.line;
  prov.because_json = because_json(prov);
  return prov;
}

cedar::Status load_policies(const fs::path& file, const std::string& text, const Vocabulary& v,
                            Pack& pack) {
  auto parsed = cedar::parse_policies(text);
  if (!parsed) return cedar::Error{file.string() + ":" + parsed.error().describe()};
  for (cedar::Policy& p : *parsed) {
    auto prov = provision_of(p, pack, v);
    if (!prov) {
      return cedar::Error{file.string() + ":" + std::to_string(p.loc.line) + ": policy " +
                          p.annotation("id").value_or(p.id) + ": " + prov.error().message};
    }
    for (const Provision& other : pack.provisions) {
      if (other.id == prov->id) return cedar::Error{file.string() + ": duplicate @id " + prov->id};
    }
    prov->file = file.filename().string();
    p.id = prov->id;
    pack.policies.push_back(std::move(p));
    pack.provisions.push_back(std::move(*prov));
  }
  return cedar::Status::Ok();
}

}  // namespace

const Obligation* Pack::obligation(const std::string& id) const {
  for (const Obligation& o : obligations) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

cedar::Result<Pack> load_pack(const fs::path& dir, const Vocabulary& vocab) {
  Pack pack;
  pack.directory = dir;
  auto manifest = base::read_file(dir / "pack.json");
  if (!manifest) return manifest.error();
  if (auto s = read_manifest(dir, *manifest, vocab, pack); !s) return s.error();
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec) && entry.path().extension() == ".cedar")
      files.push_back(entry.path());
  }
  if (ec) return cedar::Error{dir.string() + ": " + ec.message()};
  std::sort(files.begin(), files.end());
  std::string digest_input = *manifest;
  for (const fs::path& file : files) {
    auto text = base::read_file(file);
    if (!text) return text.error();
    digest_input += '\0' + file.filename().string() + '\0' + *text;
    if (auto s = load_policies(file, *text, vocab, pack); !s) return s.error();
  }
  if (pack.policies.empty() && !pack.context_only) {
    return cedar::Error{dir.string() +
                        ": the pack has no policies (set \"context_only\": true in pack.json for a "
                        "layer that decides nothing)"};
  }
  if (!pack.policies.empty() && pack.context_only) {
    return cedar::Error{dir.string() + "/pack.json: context_only: the pack has policies"};
  }
  pack.digest = base::sha256_hex(digest_input);
  return pack;
}

}  // namespace trustgate::policy
