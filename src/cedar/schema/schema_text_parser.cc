// Parser for the human-readable Cedar schema syntax.
//
// Grammar (after the reference implementation's grammar.lalrpop):
//   Schema     := { Annotation* (Namespace | Decl) }
//   Namespace  := 'namespace' Path '{' { Annotation* Decl } '}'
//   Decl       := Entity | Action | TypeDecl
//   Entity     := 'entity' Idents ['in' EntTypes] [['='] RecType] ['tags' Type] ';'
//               | 'entity' Idents 'enum' '[' STR {',' STR} ']' ';'
//   Action     := 'action' Names ['in' (QualName | '[' QualNames ']')]
//                 ['appliesTo' '{' AppDecls '}'] ['attributes' '{' '}'] ';'
//   TypeDecl   := 'type' Ident '=' Type ';'
//   AppDecls   := AppDecl {',' AppDecl} [',']
//   AppDecl    := ('principal' | 'resource') ':' EntTypes | 'context' ':' (Path | RecType)
//   Type       := 'Set' '<' Type '>' | RecType | Path
//   RecType    := '{' [AttrDecl {',' AttrDecl} [',']] '}'
//   AttrDecl   := Annotation* (Ident | STR) ['?'] ':' Type
//   EntTypes   := Path | '[' [Path {',' Path}] ']'
//   QualName   := Ident | STR | Path '::' STR
//   Annotation := '@' AnyIdent ['(' STR ')']
// Keywords other than the reserved words (`if`, `in`, `true`, ...) may also
// be used as identifiers. The parser checks syntax only; name resolution is
// done by build_schema.
#include <set>
#include <utility>

#include "cedar/schema.h"
#include "schema/schema_builder.h"
#include "schema/schema_lexer.h"
#include "syntax/lexer.h"

namespace cedar {

namespace {

using schema::Origin;
using schema::RawAction;
using schema::RawActionRef;
using schema::RawAttr;
using schema::RawEntity;
using schema::RawName;
using schema::RawNamespace;
using schema::RawType;
using schema::RawTypePtr;
using schema::TokKind;

Origin origin_of(const schema::Tok& tok) { return Origin{tok.loc, {}}; }

class TextParser {
 public:
  explicit TextParser(std::vector<schema::Tok> toks) : toks_(std::move(toks)) {}

  Result<schema::RawSchema> parse() {
    schema::RawSchema out;
    while (!at(TokKind::End)) {
      if (Status s = parse_annotations(); !s) return s.error();
      Status s = at_word("namespace") ? parse_namespace(out) : parse_decl(empty_namespace(out));
      if (!s) return s.error();
    }
    return out;
  }

 private:
  // Declarations outside any namespace all go into one empty namespace.
  RawNamespace& empty_namespace(schema::RawSchema& out) {
    if (empty_index_ == kNone) {
      empty_index_ = out.namespaces.size();
      out.namespaces.push_back(RawNamespace{"", origin_of(peek()), {}, {}, {}});
    }
    return out.namespaces[empty_index_];
  }

  const schema::Tok& peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < toks_.size() ? toks_[i] : toks_.back();
  }
  const schema::Tok& take() {
    const schema::Tok& tok = peek();
    if (pos_ + 1 < toks_.size()) ++pos_;
    return tok;
  }
  bool at(TokKind kind, size_t ahead = 0) const { return peek(ahead).kind == kind; }
  bool at_word(std::string_view word) const { return at(TokKind::Ident) && peek().text == word; }
  Error unexpected(const std::string& expected) const {
    return Error{"expected " + expected + ", found " + describe(peek()), peek().loc};
  }
  Status expect(TokKind kind, const char* shown) {
    if (!at(kind)) return unexpected(shown);
    take();
    return Status::Ok();
  }

  Status parse_annotations();
  Status parse_namespace(schema::RawSchema& out);
  Status parse_decl(RawNamespace& ns);
  Status parse_entity(RawNamespace& ns);
  Status parse_entity_enum(RawNamespace& ns, const std::vector<RawName>& names);
  Status parse_action(RawNamespace& ns);
  Status parse_action_parents(RawAction& action);
  Status parse_applies_to(RawAction& action);
  Status parse_app_decl(RawAction& action, std::set<std::string_view>& seen);
  Status parse_common(RawNamespace& ns);
  Result<std::string> parse_ident();
  Result<std::string> parse_path();
  Result<std::string> parse_string();
  Result<std::string> parse_name();
  Result<RawTypePtr> parse_type();
  Result<RawTypePtr> parse_record();
  Result<std::vector<RawName>> parse_ent_types();
  Result<RawActionRef> parse_qual_name();

  static constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<schema::Tok> toks_;
  size_t pos_ = 0;
  size_t empty_index_ = kNone;
};

// Annotations are checked for syntax and duplicate keys, then dropped.
Status TextParser::parse_annotations() {
  std::set<std::string_view> keys;
  while (at(TokKind::At)) {
    take();
    if (!at(TokKind::Ident)) return unexpected("an annotation name");
    const schema::Tok& key = take();
    if (!keys.insert(key.text).second) {
      return Error{"duplicate annotation `@" + std::string(key.text) + "`", key.loc};
    }
    if (at(TokKind::LParen)) {
      take();
      if (auto value = parse_string(); !value) return std::move(value).error();
      if (Status s = expect(TokKind::RParen, "`)`"); !s) return s;
    }
  }
  return Status::Ok();
}

Status TextParser::parse_namespace(schema::RawSchema& out) {
  take();  // `namespace`
  RawNamespace ns;
  ns.origin = origin_of(peek());
  auto name = parse_path();
  if (!name) return std::move(name).error();
  ns.name = std::move(*name);
  if (Status s = expect(TokKind::LBrace, "`{`"); !s) return s;
  while (!at(TokKind::RBrace)) {
    if (at(TokKind::End)) return unexpected("`}` to close the namespace");
    if (Status s = parse_annotations(); !s) return s;
    if (Status s = parse_decl(ns); !s) return s;
  }
  take();
  out.namespaces.push_back(std::move(ns));
  return Status::Ok();
}

Status TextParser::parse_decl(RawNamespace& ns) {
  if (at_word("entity")) return parse_entity(ns);
  if (at_word("action")) return parse_action(ns);
  if (at_word("type")) return parse_common(ns);
  return unexpected("`entity`, `action` or `type`");
}

Status TextParser::parse_entity(RawNamespace& ns) {
  take();  // `entity`
  std::vector<RawName> names;
  do {
    if (!names.empty()) take();  // `,`
    Origin origin = origin_of(peek());
    auto name = parse_ident();
    if (!name) return std::move(name).error();
    names.push_back(RawName{std::move(*name), origin});
  } while (at(TokKind::Comma));
  if (at_word("enum")) return parse_entity_enum(ns, names);
  RawEntity e;
  if (at_word("in")) {
    take();
    auto parents = parse_ent_types();
    if (!parents) return std::move(parents).error();
    e.parents = std::move(*parents);
  }
  if (at(TokKind::Eq) && !at(TokKind::LBrace, 1)) {
    take();
    return unexpected("`{` after `=`");
  }
  if (at(TokKind::Eq)) take();
  if (at(TokKind::LBrace)) {
    auto shape = parse_record();
    if (!shape) return std::move(shape).error();
    e.shape = std::move(*shape);
  }
  if (at_word("tags")) {
    take();
    auto tags = parse_type();
    if (!tags) return std::move(tags).error();
    e.tags = std::move(*tags);
  }
  if (Status s = expect(TokKind::Semi, "`;` to end the entity declaration"); !s) return s;
  for (auto& n : names) {
    e.name = std::move(n.name);
    e.origin = n.origin;
    ns.entities.push_back(e);
  }
  return Status::Ok();
}

Status TextParser::parse_entity_enum(RawNamespace& ns, const std::vector<RawName>& names) {
  take();  // `enum`
  if (Status s = expect(TokKind::LBracket, "`[`"); !s) return s;
  std::vector<std::string> ids;
  do {
    if (!ids.empty()) take();  // `,`
    auto id = parse_string();
    if (!id) return std::move(id).error();
    ids.push_back(std::move(*id));
  } while (at(TokKind::Comma));
  if (Status s = expect(TokKind::RBracket, "`]`"); !s) return s;
  if (Status s = expect(TokKind::Semi, "`;` to end the entity declaration"); !s) return s;
  for (const auto& n : names) {
    RawEntity e;
    e.name = n.name;
    e.origin = n.origin;
    e.enum_ids = ids;
    ns.entities.push_back(std::move(e));
  }
  return Status::Ok();
}

Status TextParser::parse_action(RawNamespace& ns) {
  take();  // `action`
  std::vector<std::pair<std::string, Origin>> names;
  do {
    if (!names.empty()) take();  // `,`
    Origin origin = origin_of(peek());
    auto name = parse_name();
    if (!name) return std::move(name).error();
    names.emplace_back(std::move(*name), origin);
  } while (at(TokKind::Comma));
  RawAction action;
  action.id = names.front().first;
  action.origin = names.front().second;
  if (Status s = parse_action_parents(action); !s) return s;
  if (at_word("appliesTo")) {
    if (Status s = parse_applies_to(action); !s) return s;
  }
  if (at_word("attributes")) {  // legacy: only an empty attribute list parses
    take();
    if (Status s = expect(TokKind::LBrace, "`{`"); !s) return s;
    if (Status s = expect(TokKind::RBrace, "`}`"); !s) return s;
  }
  if (Status s = expect(TokKind::Semi, "`;` to end the action declaration"); !s) return s;
  for (auto& [name, origin] : names) {
    action.id = std::move(name);
    action.origin = origin;
    ns.actions.push_back(action);
  }
  return Status::Ok();
}

Status TextParser::parse_action_parents(RawAction& action) {
  if (!at_word("in")) return Status::Ok();
  take();
  bool list = at(TokKind::LBracket);
  if (list) take();
  do {
    if (!action.parents.empty()) take();  // `,`
    auto parent = parse_qual_name();
    if (!parent) return std::move(parent).error();
    action.parents.push_back(std::move(*parent));
  } while (list && at(TokKind::Comma));
  if (list) return expect(TokKind::RBracket, "`,` or `]`");
  return Status::Ok();
}

// `appliesTo { ... }`: principal and resource are both required, each at
// most once and with at least one type; context is optional.
Status TextParser::parse_applies_to(RawAction& action) {
  take();  // `appliesTo`
  if (Status s = expect(TokKind::LBrace, "`{`"); !s) return s;
  std::set<std::string_view> seen;
  do {
    if (!seen.empty()) take();  // `,`
    if (seen.empty() || !at(TokKind::RBrace)) {
      if (Status s = parse_app_decl(action, seen); !s) return s;
    }
  } while (at(TokKind::Comma));
  if (Status s = expect(TokKind::RBrace, "`,` or `}`"); !s) return s;
  for (const char* part : {"principal", "resource"}) {
    if (!seen.count(part)) {
      return schema::error_at(action.origin, std::string("missing `") + part +
                                                 "` declaration for action `" + action.id + "`");
    }
  }
  action.has_applies_to = true;
  return Status::Ok();
}

Status TextParser::parse_app_decl(RawAction& action, std::set<std::string_view>& seen) {
  if (!at_word("principal") && !at_word("resource") && !at_word("context")) {
    return unexpected("`principal`, `resource` or `context`");
  }
  const schema::Tok& key = take();
  if (!seen.insert(key.text).second) {
    return Error{
        "duplicate `" + std::string(key.text) + "` declaration in action `" + action.id + "`",
        key.loc};
  }
  if (Status s = expect(TokKind::Colon, "`:`"); !s) return s;
  if (key.text == "context") {
    if (at(TokKind::LBrace)) {
      auto record = parse_record();
      if (!record) return std::move(record).error();
      action.context = std::move(*record);
      return Status::Ok();
    }
    auto ref = std::make_shared<RawType>();
    ref->kind = RawType::Kind::Ref;
    ref->ref = schema::RefKind::Common;
    ref->origin = origin_of(peek());
    auto name = parse_path();
    if (!name) return std::move(name).error();
    ref->name = std::move(*name);
    action.context = std::move(ref);
    return Status::Ok();
  }
  auto types = parse_ent_types();
  if (!types) return std::move(types).error();
  if (types->empty()) {
    return Error{"`" + std::string(key.text) + "` needs at least one entity type", key.loc};
  }
  (key.text == "principal" ? action.principals : action.resources) = std::move(*types);
  return Status::Ok();
}

Status TextParser::parse_common(RawNamespace& ns) {
  take();  // `type`
  schema::RawCommon common;
  common.origin = origin_of(peek());
  auto name = parse_ident();
  if (!name) return std::move(name).error();
  common.name = std::move(*name);
  if (Status s = expect(TokKind::Eq, "`=`"); !s) return s;
  auto type = parse_type();
  if (!type) return std::move(type).error();
  common.type = std::move(*type);
  if (Status s = expect(TokKind::Semi, "`;` to end the type declaration"); !s) return s;
  ns.commons.push_back(std::move(common));
  return Status::Ok();
}

Result<std::string> TextParser::parse_ident() {
  if (!at(TokKind::Ident)) return unexpected("an identifier");
  if (schema::is_reserved_word(peek().text)) {
    return Error{"`" + std::string(peek().text) + "` is a reserved word and cannot be a name",
                 peek().loc};
  }
  return std::string(take().text);
}

Result<std::string> TextParser::parse_path() {
  auto path = parse_ident();
  while (path && at(TokKind::ColonColon)) {
    take();
    auto next = parse_ident();
    if (!next) return next;
    *path += "::" + *next;
  }
  return path;
}

Result<std::string> TextParser::parse_string() {
  if (!at(TokKind::String)) return unexpected("a string");
  const schema::Tok& tok = take();
  SourceLoc body = tok.loc;
  ++body.offset;
  ++body.column;
  return syntax::unescape_string(tok.text, body);
}

Result<std::string> TextParser::parse_name() {
  if (at(TokKind::String)) return parse_string();
  return parse_ident();
}

Result<RawTypePtr> TextParser::parse_type() {
  if (at(TokKind::LBrace)) return parse_record();
  auto type = std::make_shared<RawType>();
  type->origin = origin_of(peek());
  if (at_word("Set") && at(TokKind::Less, 1)) {
    take();
    take();
    auto element = parse_type();
    if (!element) return element;
    if (Status s = expect(TokKind::Greater, "`>`"); !s) return s.error();
    type->kind = RawType::Kind::Set;
    type->element = std::move(*element);
    return RawTypePtr(std::move(type));
  }
  if (!at(TokKind::Ident)) return unexpected("a type");
  auto name = parse_path();
  if (!name) return std::move(name).error();
  type->kind = RawType::Kind::Ref;
  type->name = std::move(*name);
  return RawTypePtr(std::move(type));
}

// `{ name: Type, "quoted"?: Type, }`; attribute names must be unique.
Result<RawTypePtr> TextParser::parse_record() {
  auto record = std::make_shared<RawType>();
  record->kind = RawType::Kind::Record;
  record->origin = origin_of(peek());
  if (Status s = expect(TokKind::LBrace, "`{`"); !s) return s.error();
  std::set<std::string> names;
  while (!at(TokKind::RBrace)) {
    if (Status s = parse_annotations(); !s) return s.error();
    RawAttr attr;
    attr.origin = origin_of(peek());
    auto name = parse_name();
    if (!name) return std::move(name).error();
    if (!names.insert(*name).second) {
      return schema::error_at(attr.origin, "attribute `" + *name + "` is declared twice");
    }
    attr.name = std::move(*name);
    attr.required = !at(TokKind::Question);
    if (!attr.required) take();
    if (Status s = expect(TokKind::Colon, "`:`"); !s) return s.error();
    auto type = parse_type();
    if (!type) return type;
    attr.type = std::move(*type);
    record->attributes.push_back(std::move(attr));
    if (!at(TokKind::Comma)) break;
    take();
  }
  if (Status s = expect(TokKind::RBrace, "`,` or `}`"); !s) return s.error();
  return RawTypePtr(std::move(record));
}

Result<std::vector<RawName>> TextParser::parse_ent_types() {
  std::vector<RawName> out;
  bool list = at(TokKind::LBracket);
  if (list) {
    take();
    if (at(TokKind::RBracket)) {
      take();
      return out;
    }
  }
  do {
    if (!out.empty()) take();  // `,`
    Origin origin = origin_of(peek());
    auto name = parse_path();
    if (!name) return std::move(name).error();
    out.push_back(RawName{std::move(*name), origin});
  } while (list && at(TokKind::Comma));
  if (list) {
    if (Status s = expect(TokKind::RBracket, "`,` or `]`"); !s) return s.error();
  }
  return out;
}

// An action group reference: `"id"`, `id`, or `Path::"id"`.
Result<RawActionRef> TextParser::parse_qual_name() {
  RawActionRef ref;
  ref.origin = origin_of(peek());
  if (at(TokKind::String)) {
    auto id = parse_string();
    if (!id) return std::move(id).error();
    ref.id = std::move(*id);
    return ref;
  }
  auto first = parse_ident();
  if (!first) return std::move(first).error();
  std::string path = std::move(*first);
  bool qualified = false;
  while (at(TokKind::ColonColon)) {
    take();
    if (at(TokKind::String)) {
      auto id = parse_string();
      if (!id) return std::move(id).error();
      ref.type = std::move(path);
      ref.id = std::move(*id);
      return ref;
    }
    auto next = parse_ident();
    if (!next) return std::move(next).error();
    path += "::" + *next;
    qualified = true;
  }
  if (qualified) return unexpected("`::` and a quoted action id after `" + path + "`");
  ref.id = std::move(path);
  return ref;
}

}  // namespace

Result<Schema> parse_schema_text(std::string_view text) {
  auto toks = schema::tokenize_schema(text);
  if (!toks) return std::move(toks).error();
  auto raw = TextParser(std::move(*toks)).parse();
  if (!raw) return std::move(raw).error();
  return schema::build_schema(*raw);
}

}  // namespace cedar
