#include "cedar_conformance/items.h"

#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "cedar/authorizer.h"
#include "cedar/format.h"
#include "cedar/json.h"
#include "cedar/parser.h"
#include "cedar/schema.h"
#include "cedar_conformance/test_request.h"
#include "json/json_dom.h"

namespace cedar::conformance {

size_t ItemReport::total() const {
  size_t n = 0;
  for (const auto& [kind, count] : total_by_kind) n += count;
  return n;
}

namespace {

using json::Element;

std::optional<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// One item's inputs, resolved against the items file's folder.
class ItemInputs {
 public:
  ItemInputs(Element item, const std::string& base_dir) : item_(item), base_dir_(base_dir) {}

  bool has(const char* key) const {
    Element el;
    return json::member(item_, key, el);
  }

  // A text input: a JSON string or {"file": PATH}.
  Result<std::string> text(const char* key) const {
    Element el;
    if (!json::member(item_, key, el)) return Error{std::string("no `") + key + "`"};
    std::string_view s;
    if (!el.get_string().get(s)) return std::string(s);
    Element file;
    if (json::member(el, "file", file) && !file.get_string().get(s)) {
      auto contents = read_whole_file(base_dir_ + "/" + std::string(s));
      if (!contents) return Error{"cannot read " + std::string(s)};
      return *contents;
    }
    return Error{std::string("`") + key + "` must be a string or {\"file\": PATH}"};
  }

  // The schema, parsed in its schemaFormat; nullopt when the item has none.
  Result<std::optional<Schema>> schema() const {
    if (!has("schema")) return std::optional<Schema>();
    auto t = text("schema");
    if (!t) return t.error();
    std::string_view format = "cedar";
    if (item_["schemaFormat"].get_string().get(format)) format = "cedar";
    auto s = format == "json" ? parse_schema_json(*t) : parse_schema_text(*t);
    if (!s) return s.error();
    return std::optional<Schema>(std::move(*s));
  }

  Element item() const { return item_; }

 private:
  Element item_;
  const std::string& base_dir_;
};

// What trustgate answers for one item, in the shape of its `expect`.
struct Answer {
  bool ok = false;
  std::string error;   // when !ok
  std::string text;    // format: trustgate's result
  std::string source;  // format: the input
  std::string decision;
  std::set<std::string> reason, errors;
};

Answer refused(const Error& e) {
  Answer a;
  a.error = e.describe();
  return a;
}

Answer check_parse(const ItemInputs& in) {
  auto t = in.text("policies");
  if (!t) return refused(t.error());
  auto ps = parse_policy_set(*t);
  if (!ps) return refused(ps.error());
  return Answer{true};
}

Answer check_format(const ItemInputs& in) {
  auto t = in.text("policies");
  if (!t) return refused(t.error());
  auto f = format_policies(*t);
  if (!f) return refused(f.error());
  Answer a{true};
  a.text = std::move(*f);
  a.source = std::move(*t);
  return a;
}

Answer check_schema(const ItemInputs& in) {
  auto s = in.schema();
  if (!s) return refused(s.error());
  return Answer{true};
}

// Entities parsed against the schema (when given) and conforming to it.
Result<Entities> load_entities(const ItemInputs& in, const Schema* schema) {
  auto t = in.text("entities");
  if (!t) return t.error();
  auto es = parse_entities_json(*t, schema);
  if (!es) return es.error();
  if (schema) {
    if (Status s = validate_entities(*schema, *es); !s) return s.error();
  }
  return es;
}

Answer check_entities(const ItemInputs& in) {
  auto s = in.schema();
  if (!s) return refused(s.error());
  auto es = load_entities(in, *s ? &**s : nullptr);
  if (!es) return refused(es.error());
  return Answer{true};
}

Answer check_validate(const ItemInputs& in, const ValidationOptions& options) {
  auto t = in.text("policies");
  if (!t) return refused(t.error());
  auto ps = parse_policy_set(*t);
  if (!ps) return refused(ps.error());
  auto s = in.schema();
  if (!s) return refused(s.error());
  if (!*s) return refused(Error{"no schema"});
  ValidationResult r = validate_policies(**s, *ps, options);
  if (!r.passed())
    return refused(Error{r.errors.front().policy_id + ": " + r.errors.front().message});
  return Answer{true};
}

Result<Request> load_request(const ItemInputs& in, const Schema* schema) {
  Element req;
  if (!json::member(in.item(), "request", req)) return Error{"no `request`"};
  return request_from_test(req, schema);
}

Answer check_authorize(const ItemInputs& in) {
  auto t = in.text("policies");
  if (!t) return refused(t.error());
  auto ps = parse_policy_set(*t);
  if (!ps) return refused(ps.error());
  auto s = in.schema();
  if (!s) return refused(s.error());
  const Schema* schema = *s ? &**s : nullptr;
  auto es = load_entities(in, schema);
  if (!es) return refused(es.error());
  auto request = load_request(in, schema);
  if (!request) return refused(request.error());
  bool validate = true;
  if (in.item()["validateRequest"].get_bool().get(validate)) validate = true;
  if (schema && validate) {
    if (Status v = validate_request(*schema, *request); !v) return refused(v.error());
  }
  Response resp = Authorizer(*ps).authorize(*request, *es);
  Answer a{true};
  a.decision = resp.decision == Decision::Allow ? "allow" : "deny";
  a.reason.insert(resp.reason.begin(), resp.reason.end());
  for (const auto& e : resp.errors) a.errors.insert(e.policy_id);
  return a;
}

// Empty when `formatted` parses to the same policies as `source`, else what
// differs; `whose` names the formatter.
std::string same_policies(const std::string& source, const std::string& formatted,
                          const std::string& whose) {
  auto a = parse_policy_set(source);
  auto b = parse_policy_set(formatted);
  if (!a || !b) return whose + " formatted text does not parse:\n" + formatted;
  const auto& pa = a->policies();
  const auto& pb = b->policies();
  bool same = pa.size() == pb.size() && a->templates().size() == b->templates().size();
  for (size_t i = 0; same && i < pa.size(); ++i) same = same_policy(pa[i], pb[i]);
  for (size_t i = 0; same && i < a->templates().size(); ++i) {
    same = same_policy(a->templates()[i], b->templates()[i]);
  }
  return same ? std::string() : whose + " formatted text has other policies:\n" + formatted;
}

std::string join(const std::set<std::string>& ids) {
  std::string out = "[";
  for (const auto& id : ids) out += (out.size() > 1 ? ", " : "") + id;
  return out + "]";
}

Result<std::set<std::string>> expected_ids(Element expect, const char* key) {
  std::set<std::string> ids;
  simdjson::dom::array arr;
  if (expect[key].get_array().get(arr)) return Error{std::string("expect needs `") + key + "`"};
  for (Element x : arr) {
    std::string_view s;
    if (x.get_string().get(s)) return Error{"policy ids must be strings"};
    ids.insert(std::string(s));
  }
  return ids;
}

// Empty when `got` matches `expect`; otherwise what differs.
Result<std::string> compare(Element expect, const std::string& kind, const Answer& got) {
  bool ok = false;
  if (expect["ok"].get_bool().get(ok)) return Error{"expect needs `ok`"};
  if (ok != got.ok) {
    return std::string(ok ? "the reference accepts; trustgate refuses: " + got.error
                          : "the reference refuses; trustgate accepts");
  }
  if (!ok) return std::string();
  if (kind == "format") {
    std::string_view want;
    if (expect["text"].get_string().get(want)) return Error{"expect needs `text`"};
    if (std::string d = same_policies(got.source, got.text, "trustgate's"); !d.empty()) return d;
    return same_policies(got.source, std::string(want), "the reference's");
  }
  if (kind == "authorize") {
    std::string_view decision;
    if (expect["decision"].get_string().get(decision)) return Error{"expect needs `decision`"};
    auto reason = expected_ids(expect, "reason");
    if (!reason) return reason.error();
    auto errors = expected_ids(expect, "errors");
    if (!errors) return errors.error();
    if (decision != got.decision || *reason != got.reason || *errors != got.errors) {
      return "the reference: " + std::string(decision) + " reason " + join(*reason) + " errors " +
             join(*errors) + "; trustgate: " + got.decision + " reason " + join(got.reason) +
             " errors " + join(got.errors);
    }
  }
  return std::string();
}

Result<Answer> answer(const std::string& kind, const ItemInputs& in,
                      const ValidationOptions& validation) {
  if (kind == "parse") return check_parse(in);
  if (kind == "format") return check_format(in);
  if (kind == "schema") return check_schema(in);
  if (kind == "entities") return check_entities(in);
  if (kind == "validate") return check_validate(in, validation);
  if (kind == "authorize") return check_authorize(in);
  return Error{"unknown kind `" + kind + "`"};
}

}  // namespace

Result<ItemReport> run_items(const std::string& items, const std::string& base_dir,
                             const ValidationOptions& validation) {
  ItemReport report;
  simdjson::dom::parser parser;
  std::istringstream lines(items);
  size_t line_no = 0;
  for (std::string line; std::getline(lines, line);) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto where = [&](const std::string& msg) {
      return Error{"line " + std::to_string(line_no) + ": " + msg};
    };
    auto item = json::parse_dom(parser, line);
    if (!item) return where(item.error().message);
    std::string_view kind, id;
    Element expect;
    if ((*item)["kind"].get_string().get(kind) || !json::member(*item, "expect", expect)) {
      return where("an item needs `kind` and `expect`");
    }
    if ((*item)["id"].get_string().get(id)) id = "";
    ItemInputs in(*item, base_dir);
    auto got = answer(std::string(kind), in, validation);
    if (!got) return where(got.error().message);
    auto diff = compare(expect, std::string(kind), *got);
    if (!diff) return where(diff.error().message);
    ++report.total_by_kind[std::string(kind)];
    if (kind == "format" && got->ok && diff->empty()) {
      std::string_view want;
      if (!expect["text"].get_string().get(want) && want == got->text) ++report.format_identical;
    }
    if (!diff->empty()) {
      ++report.disagree_by_kind[std::string(kind)];
      report.disagreements.push_back({std::string(id), std::string(kind), *diff});
    }
  }
  return report;
}

Result<ItemReport> run_items_file(const std::string& path, const ValidationOptions& validation) {
  auto text = read_whole_file(path);
  if (!text) return Error{"cannot read " + path};
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? "." : path.substr(0, slash);
  return run_items(*text, base, validation);
}

}  // namespace cedar::conformance
