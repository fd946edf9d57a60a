#include "trustgate/disclose/record_schema.h"

#include <algorithm>

#include "base/storage.h"
#include "trustgate/common/json.h"

namespace trustgate::disclose {

namespace {

using common::Json;

base::Error schema_error(const std::string& file, const std::string& pointer,
                         const std::string& message) {
  return base::invalid_field(pointer, file + ": " + message);
}

struct Builder {
  const std::string& file;
  const policy::ReleaseTerms& terms;
  RecordSchema& schema;

  // Adds the node a field spec describes; returns its index.
  base::Result<uint32_t> add(const Json& spec, const std::string& pointer, int depth) {
    if (depth > 32) return schema_error(file, pointer, "fields nest deeper than 32 levels");
    const auto index = static_cast<uint32_t>(schema.nodes.size());
    schema.nodes.emplace_back();
    if (spec.is_string()) {
      auto c = terms.field_classes.find(spec.as_string());
      if (!c) {
        return schema_error(file, pointer,
                            "unknown field class \"" + spec.as_string() + "\" (" +
                                terms.field_classes.choices() + ")");
      }
      schema.nodes[index].field_class = *c;
      return index;
    }
    if (!spec.is_object() || spec.as_object().size() != 1) {
      return schema_error(file, pointer,
                          "a field is a class name, {\"fields\": {...}} or {\"items\": field}");
    }
    const auto& [key, inner] = *spec.as_object().begin();
    if (key == "items") {
      auto item = add(inner, pointer + "/items", depth + 1);
      if (!item) return item.error();
      schema.nodes[index].items = static_cast<int32_t>(*item);
      return index;
    }
    if (key != "fields" || !inner.is_object()) {
      return schema_error(file, pointer + "/" + key,
                          "expected \"fields\": {name: field} or \"items\": field");
    }
    return add_members(inner, pointer + "/fields", index, depth) ? base::Result<uint32_t>(index)
                                                                 : last_error;
  }

  bool add_members(const Json& fields, const std::string& pointer, uint32_t index, int depth) {
    for (const auto& [name, spec] : fields.as_object()) {
      auto child = add(spec, base::pointer_append(pointer, name), depth + 1);
      if (!child) {
        last_error = child.error();
        return false;
      }
      schema.nodes[index].members.emplace_back(name, *child);
    }
    return true;
  }

  base::Error last_error;
};

base::Result<std::shared_ptr<RecordSchema>> parse_one(const std::string& file,
                                                      const std::string& text,
                                                      const policy::ReleaseTerms& terms) {
  auto json = common::parse_json(text);
  if (!json) return schema_error(file, "", "not valid JSON: " + json.error().message);
  if (!json->is_object()) return schema_error(file, "", "expected an object");
  for (const auto& [key, value] : json->as_object()) {
    if (key != "record_type" && key != "title" && key != "description" && key != "fields") {
      return schema_error(file, "/" + key, "unknown member");
    }
    if (key != "fields" && !value.is_string()) {
      return schema_error(file, "/" + key, "expected a string");
    }
  }
  auto schema = std::make_shared<RecordSchema>();
  schema->record_type = std::string(json->string_or_empty("record_type"));
  auto type = terms.record_types.find(schema->record_type);
  if (!type) {
    return schema_error(file, "/record_type",
                        "unknown record type \"" + schema->record_type + "\" (" +
                            terms.record_types.choices() + ")");
  }
  schema->type_index = *type;
  schema->title = std::string(json->string_or_empty("title"));
  schema->description = std::string(json->string_or_empty("description"));
  if (schema->title.empty()) return schema_error(file, "/title", "needs a title");
  const Json* fields = json->find("fields");
  if (fields == nullptr || !fields->is_object() || fields->as_object().empty()) {
    return schema_error(file, "/fields", "needs an object of fields");
  }
  if (fields->find("record_type") != nullptr) {
    return schema_error(file, "/fields/record_type",
                        "record_type is always named (class public); do not list it");
  }
  Builder b{file, terms, *schema, {}};
  schema->nodes.emplace_back();
  if (!b.add_members(*fields, "/fields", 0, 0)) return b.last_error;
  auto pub = terms.field_classes.find("public");
  if (!pub) return schema_error(file, "", "the vocabulary has no field class \"public\"");
  FieldNode type_node;
  type_node.field_class = *pub;
  schema->nodes.push_back(type_node);
  schema->nodes[0].members.emplace_back("record_type",
                                        static_cast<uint32_t>(schema->nodes.size() - 1));
  for (FieldNode& n : schema->nodes) {
    if (n.members.size() > 0xFFFE) return schema_error(file, "/fields", "too many members");
    if (!n.members.empty()) n.index_members();
  }
  return schema;
}

// The next RFC 6901 reference token of `pointer` from `pos` (after its
// '/'), unescaped; advances `pos`.
std::string next_token(std::string_view pointer, size_t& pos) {
  std::string token;
  ++pos;  // the '/'
  while (pos < pointer.size() && pointer[pos] != '/') {
    char c = pointer[pos++];
    if (c == '~' && pos < pointer.size() && (pointer[pos] == '0' || pointer[pos] == '1')) {
      c = pointer[pos++] == '0' ? '~' : '/';
    }
    token += c;
  }
  return token;
}

}  // namespace

int32_t RecordSchema::node_at(std::string_view pointer) const {
  if (pointer.empty() || pointer[0] != '/') {
    return nodes[0].member(pointer);
  }
  int32_t node = 0;
  size_t pos = 0;
  while (pos < pointer.size()) {
    const std::string token = next_token(pointer, pos);
    const FieldNode& n = nodes[node];
    if (n.field_class != kNoClass) return node;  // the class covers what lies below
    if (n.items >= 0) {
      const bool index = !token.empty() && std::all_of(token.begin(), token.end(),
                                                       [](char c) { return c >= '0' && c <= '9'; });
      if (!index) return -1;
      node = n.items;
    } else {
      node = n.member(token);
      if (node < 0) return -1;
    }
  }
  return node;
}

const RecordSchema* RecordSchemas::find(std::string_view record_type) const {
  for (const auto& s : by_type_) {
    if (s && s->record_type == record_type) return s.get();
  }
  return nullptr;
}

std::vector<const RecordSchema*> RecordSchemas::all() const {
  std::vector<const RecordSchema*> out;
  for (const auto& s : by_type_) {
    if (s) out.push_back(s.get());
  }
  return out;
}

base::Result<RecordSchemas> parse_record_schemas(
    const std::vector<std::pair<std::string, std::string>>& files,
    const policy::ReleaseTerms& terms) {
  if (!terms.present) {
    return base::invalid_field("", "the schema declares no `disclose` action");
  }
  RecordSchemas out;
  out.by_type_.resize(terms.record_types.values.size());
  for (const auto& [file, text] : files) {
    auto schema = parse_one(file, text, terms);
    if (!schema) return schema.error();
    auto& slot = out.by_type_[(*schema)->type_index];
    if (slot) {
      return schema_error(file, "/record_type",
                          "record type \"" + (*schema)->record_type + "\" has two schemas");
    }
    slot = std::move(*schema);
  }
  return out;
}

base::Result<RecordSchemas> load_record_schemas(const std::filesystem::path& dir,
                                                const policy::ReleaseTerms& terms) {
  auto names = base::posix_storage().list_dir(dir);
  if (!names) return names.error();
  std::vector<std::string> sorted = *names;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& n : sorted) {
    if (!n.ends_with(".json")) continue;
    auto text = base::read_file(dir / n);
    if (!text) return text.error();
    files.emplace_back((dir / n).string(), std::move(*text));
  }
  if (files.empty()) return base::not_found(dir.string() + ": no record schemas (*.json)");
  return parse_record_schemas(files, terms);
}

}  // namespace trustgate::disclose
