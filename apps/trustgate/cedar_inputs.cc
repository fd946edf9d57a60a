#include "cedar_inputs.h"

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

cedar::Status add_links(cedar::PolicySet& set, const std::string& links_path) {
  auto text = read_file(links_path);
  if (!text) return text.error();
  auto links = cedar::parse_template_links_json(*text);
  if (!links) return in_file(links_path, links.error());
  for (const cedar::TemplateLinkSpec& link : *links) {
    cedar::Status s = set.link(link.template_id, link.link_id, link.values);
    if (!s)
      return in_file(links_path, cedar::Error{"link `" + link.link_id + "`: " + s.error().message});
  }
  return cedar::Status::Ok();
}

// One of --principal, --action, --resource: Cedar syntax, or `fallback`
// when not given.
cedar::Result<cedar::EntityUid> uid_option(const std::string& flag, const std::string& text,
                                           const cedar::EntityUid* fallback) {
  if (text.empty()) {
    if (fallback) return *fallback;
    return cedar::Error{flag + ": required (or give --request-json)"};
  }
  auto uid = cedar::parse_entity_uid(text);
  if (!uid) return cedar::Error{flag + ": " + uid.error().describe()};
  return uid;
}

}  // namespace

void add_request_options(CLI::App& cmd, RequestArgs& a) {
  auto* rj = cmd.add_option("--request-json", a.request_json,
                            "JSON file with principal, action, resource and context (each uid as "
                            "{\"type\", \"id\"} or as Cedar syntax in a string)");
  cmd.add_option("-l,--principal", a.principal, "Principal, e.g. 'User::\"alice\"'")->excludes(rj);
  cmd.add_option("-a,--action", a.action, "Action, e.g. 'Action::\"view\"'")->excludes(rj);
  cmd.add_option("-r,--resource", a.resource, "Resource entity uid")->excludes(rj);
  cmd.add_option("-c,--context", a.context, "Context JSON file")->excludes(rj);
}

cedar::Result<cedar::Request> load_request(const RequestArgs& a, const cedar::Schema* schema,
                                           const cedar::EntityUid* fallback) {
  if (!a.request_json.empty()) {
    auto text = read_file(a.request_json);
    if (!text) return text.error();
    auto req = cedar::parse_request_json(*text, schema);
    if (!req) return in_file(a.request_json, req.error());
    return req;
  }
  auto pu = uid_option("--principal", a.principal, fallback);
  if (!pu) return pu.error();
  auto au = uid_option("--action", a.action, fallback);
  if (!au) return au.error();
  auto ru = uid_option("--resource", a.resource, fallback);
  if (!ru) return ru.error();
  cedar::Request req{*pu, *au, *ru, cedar::Value::record({})};
  if (!a.context.empty()) {
    auto text = read_file(a.context);
    if (!text) return text.error();
    auto ctx = cedar::parse_context_json(*text, schema, req.action);
    if (!ctx) return in_file(a.context, ctx.error());
    req.context = *ctx;
  }
  return req;
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
