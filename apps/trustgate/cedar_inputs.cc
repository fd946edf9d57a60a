#include "cedar_inputs.h"

#include <map>
#include <utility>

#include "cedar/json.h"
#include "cedar/parser.h"
#include "cli_util.h"

namespace trustgate::cli {

namespace {

// `error` from `path`, as one message ("P.cedar: 3:4: what is wrong").
cedar::Error in_file(const std::string& path, const cedar::Error& error) {
  return cedar::Error{(path == "-" ? std::string("<stdin>") : path) + ": " + error.describe()};
}

std::string string_member(cedar::json::Element el, const char* key) {
  std::string_view s;
  if (el[key].get_string().get(s)) return {};
  return std::string(s);
}

// The slot values of one link's `args` object.
cedar::Result<std::map<cedar::SlotId, cedar::EntityUid>> link_args(cedar::json::Element args) {
  std::map<cedar::SlotId, cedar::EntityUid> values;
  if (!args.is_object()) return cedar::Error{"`args` must be an object"};
  for (auto [key, val] : cedar::json::as_object(args)) {
    cedar::SlotId slot = cedar::SlotId::Principal;
    if (key == "?principal") {
      slot = cedar::SlotId::Principal;
    } else if (key == "?resource") {
      slot = cedar::SlotId::Resource;
    } else {
      return cedar::Error{"unknown slot `" + std::string(key) +
                          "` (the slots are ?principal and ?resource)"};
    }
    auto uid = uid_arg(val, std::string(key));
    if (!uid) return uid.error();
    values[slot] = std::move(*uid);
  }
  return values;
}

// One element of the links file, linked into `set`.
cedar::Status add_link(cedar::PolicySet& set, cedar::json::Element link) {
  std::string template_id = string_member(link, "template_id");
  std::string link_id = string_member(link, "link_id");
  cedar::json::Element args;
  if (template_id.empty() || link_id.empty() || !cedar::json::member(link, "args", args)) {
    return cedar::Error{"each link needs `template_id`, `link_id` (strings) and `args`"};
  }
  auto values = link_args(args);
  if (!values) return cedar::Error{"link `" + link_id + "`: " + values.error().message};
  cedar::Status s = set.link(template_id, link_id, *values);
  if (!s) return cedar::Error{"link `" + link_id + "`: " + s.error().message};
  return cedar::Status::Ok();
}

cedar::Status add_links(cedar::PolicySet& set, const std::string& links_path) {
  auto text = read_file(links_path);
  if (!text) return text.error();
  simdjson::dom::parser parser;
  auto el = cedar::json::parse_dom(parser, *text);
  if (!el) return in_file(links_path, el.error());
  if (!el->is_array()) {
    return in_file(links_path, cedar::Error{"expected a JSON array of template links"});
  }
  for (cedar::json::Element link : cedar::json::as_array(*el)) {
    cedar::Status s = add_link(set, link);
    if (!s) return in_file(links_path, s.error());
  }
  return cedar::Status::Ok();
}

}  // namespace

cedar::Result<cedar::EntityUid> uid_arg(cedar::json::Element el, const std::string& field) {
  std::string_view text;
  if (!el.get_string().get(text)) {
    auto uid = cedar::parse_entity_uid(text);
    if (!uid) return cedar::Error{field + ": " + uid.error().describe()};
    return uid;
  }
  return cedar::json::uid_from_dom(el, field);
}

cedar::Result<cedar::Schema> load_schema(const std::string& path, const std::string& format) {
  auto text = read_file(path);
  if (!text) return text.error();
  bool json = format.empty() ? path.ends_with(".json") : format == "json";
  auto schema = json ? cedar::parse_schema_json(*text) : cedar::parse_schema_text(*text);
  if (!schema) return in_file(path, schema.error());
  return schema;
}

cedar::Result<cedar::PolicySet> load_policies(const std::string& path,
                                              const std::string& links_path) {
  auto text = read_file(path);
  if (!text) return text.error();
  auto set = cedar::parse_policy_set(*text, cedar::PolicyIds::FromIdAnnotation);
  if (!set) return in_file(path, set.error());
  if (!links_path.empty()) {
    cedar::Status s = add_links(*set, links_path);
    if (!s) return s.error();
  }
  return set;
}

cedar::Result<cedar::Entities> load_entities(const std::string& path, const cedar::Schema* schema) {
  std::string text = "[]";
  if (!path.empty()) {
    auto file = read_file(path);
    if (!file) return file.error();
    text = std::move(*file);
  }
  auto entities = cedar::parse_entities_json(text, schema);
  if (!entities) return in_file(path.empty() ? "schema actions" : path, entities.error());
  return entities;
}

}  // namespace trustgate::cli
