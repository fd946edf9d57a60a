// Member access, method calls and primary expressions: literals, entity
// literals, variables, slots, function calls, sets, records, parentheses.
#include <optional>
#include <set>

#include "syntax/parser_internal.h"

namespace cedar::syntax {

namespace {

// Builtin (non-extension) methods and their argument counts, receiver
// excluded.
struct BuiltinMethod {
  const char* name;
  size_t args;
  bool unary;  // maps to UnaryOp (isEmpty), else to BinaryOp
  UnaryOp uop;
  BinaryOp bop;
};
constexpr BuiltinMethod kBuiltinMethods[] = {
    {"contains", 1, false, UnaryOp::Not, BinaryOp::Contains},
    {"containsAll", 1, false, UnaryOp::Not, BinaryOp::ContainsAll},
    {"containsAny", 1, false, UnaryOp::Not, BinaryOp::ContainsAny},
    {"hasTag", 1, false, UnaryOp::Not, BinaryOp::HasTag},
    {"getTag", 1, false, UnaryOp::Not, BinaryOp::GetTag},
    {"isEmpty", 0, true, UnaryOp::IsEmpty, BinaryOp::Eq},
};

const BuiltinMethod* find_builtin_method(std::string_view name) {
  for (const BuiltinMethod& m : kBuiltinMethods) {
    if (name == m.name) return &m;
  }
  return nullptr;
}

std::string plural_args(size_t n) {
  return std::to_string(n) + (n == 1 ? " argument" : " arguments");
}

std::string arity_message(std::string_view name, size_t expected, size_t found) {
  return "`" + std::string(name) + "` takes " + plural_args(expected) + ", found " +
         std::to_string(found);
}

std::optional<Var> variable_named(std::string_view s) {
  if (s == "principal") return Var::Principal;
  if (s == "action") return Var::Action;
  if (s == "resource") return Var::Resource;
  if (s == "context") return Var::Context;
  return std::nullopt;
}

std::string join_path(const std::vector<Token>& path) {
  std::string out;
  for (const Token& t : path) {
    if (!out.empty()) out += "::";
    out += t.text;
  }
  return out;
}

}  // namespace

Status Parser::check_attribute_name(const Token& t) const {
  if (!is_reserved_word(t.text) && t.text != "__cedar") return Status::Ok();
  return error_at(t, "`" + std::string(t.text) +
                         "` is a reserved identifier and cannot be used as an attribute name "
                         "here; write it as a string, e.g. `[\"" +
                         std::string(t.text) + "\"]` or `has \"" + std::string(t.text) + "\"`");
}

Status Parser::check_name_component(const Token& t) const {
  if (!is_reserved_word(t.text) && t.text != "__cedar") return Status::Ok();
  return error_at(t, "`" + std::string(t.text) + "` is a reserved identifier and cannot be used " +
                         "as a name");
}

Result<std::string> Parser::string_value(const Token& t) const {
  SourceLoc body = t.loc;
  body.offset += 1;
  body.column += 1;
  return unescape_string(t.text, body);
}

Result<ExprPtr> Parser::parse_member() {
  CEDAR_ASSIGN_OR_RETURN(e, parse_primary());
  while (at(TokenKind::Dot) || at(TokenKind::LBracket) || at(TokenKind::LParen)) {
    CEDAR_ASSIGN_OR_RETURN(next, parse_access(e));
    e = next;
  }
  return e;
}

// One `.name`, `.name(args)` or `["name"]` applied to `target`.
Result<ExprPtr> Parser::parse_access(ExprPtr target) {
  const Token t = peek();
  if (t.kind == TokenKind::LParen) {
    if (target->kind == Expr::Kind::Variable) {
      return error_at(t, "a variable cannot be called like a function");
    }
    return error_at(t, "this expression cannot be called; only extension functions can be called");
  }
  advance();
  if (t.kind == TokenKind::LBracket) {
    const Token s = peek();
    if (s.kind != TokenKind::String) return unexpected("a string literal inside `[...]`");
    advance();
    CEDAR_ASSIGN_OR_RETURN(attr, string_value(s));
    if (!at(TokenKind::RBracket)) return unexpected("`]` after the attribute name");
    advance();
    return make_get_attr(target, attr, target->loc);
  }
  const Token name = peek();
  if (name.kind != TokenKind::Ident) return unexpected("an attribute or method name after `.`");
  CEDAR_RETURN_IF_ERROR(check_attribute_name(name));
  advance();
  if (at(TokenKind::LParen)) return parse_method(target, name);
  return make_get_attr(target, std::string(name.text), target->loc);
}

Result<ExprPtr> Parser::parse_method(ExprPtr target, const Token& name) {
  CEDAR_ASSIGN_OR_RETURN(args, parse_args(TokenKind::RParen, "in the method arguments"));
  if (const BuiltinMethod* m = find_builtin_method(name.text)) {
    if (args.size() != m->args) {
      return error_at(name, arity_message(name.text, m->args, args.size()));
    }
    if (m->unary) return make_unary(m->uop, target, target->loc);
    return make_binary(m->bop, target, args[0], target->loc);
  }
  auto ext = find_extension_function(name.text);
  if (!ext) return error_at(name, "unknown method `" + std::string(name.text) + "`");
  if (ext->is_constructor) {
    return error_at(name, "`" + std::string(name.text) +
                              "` is a function, not a method; call it as `" +
                              std::string(name.text) + "(...)`");
  }
  // Extension arity is checked at evaluation, as in Cedar: a wrong argument
  // count is an evaluation error, not a parse error.
  args.insert(args.begin(), target);
  return make_call(ext->fn, std::move(args), target->loc);
}

// Consumes an opening token, a comma-separated list of expressions (a
// trailing comma is allowed) and the `close` token.
Result<std::vector<ExprPtr>> Parser::parse_args(TokenKind close, std::string_view context) {
  advance();  // ( or [
  const char* close_text = close == TokenKind::RParen ? "`)`" : "`]`";
  std::vector<ExprPtr> args;
  while (!at(close)) {
    CEDAR_ASSIGN_OR_RETURN(e, parse_expr());
    args.push_back(std::move(e));
    if (at(TokenKind::Comma)) {
      advance();
    } else if (!at(close)) {
      return unexpected("`,` or " + std::string(close_text) + " " + std::string(context));
    }
  }
  advance();
  return args;
}

Result<ExprPtr> Parser::parse_primary() {
  const Token t = peek();
  switch (t.kind) {
    case TokenKind::Int:
      advance();
      return parse_int(t);
    case TokenKind::String: {
      advance();
      CEDAR_ASSIGN_OR_RETURN(s, string_value(t));
      return make_literal(Value::string(std::move(s)), t.loc);
    }
    case TokenKind::Slot:
      advance();
      if (t.text == "?principal") return make_slot(SlotId::Principal, t.loc);
      if (t.text == "?resource") return make_slot(SlotId::Resource, t.loc);
      return error_at(t, "invalid slot `" + std::string(t.text) +
                             "`: the only slots are ?principal and ?resource");
    case TokenKind::LParen: {
      advance();
      CEDAR_ASSIGN_OR_RETURN(e, parse_expr());
      if (!at(TokenKind::RParen)) return unexpected("`)` to close the parenthesized expression");
      advance();
      return e;
    }
    case TokenKind::LBracket: {
      CEDAR_ASSIGN_OR_RETURN(elems, parse_args(TokenKind::RBracket, "in the set literal"));
      return make_set(std::move(elems), t.loc);
    }
    case TokenKind::LBrace:
      return parse_record();
    case TokenKind::Ident:
      if (t.text == "true" || t.text == "false") {
        advance();
        return make_literal(Value::boolean(t.text == "true"), t.loc);
      }
      if (t.text == "if") {
        return error_at(t, "an `if` expression must be parenthesized when used as an operand");
      }
      if (is_reserved_word(t.text)) return unexpected("an expression");
      return parse_name_primary();
    default:
      return unexpected("an expression");
  }
}

// A primary that starts with an identifier: a variable, an entity literal
// `A::B::"id"`, or an extension function call `ip("..")`.
Result<ExprPtr> Parser::parse_name_primary() {
  std::vector<Token> path{advance()};
  while (at(TokenKind::ColonColon) && peek(1).kind == TokenKind::Ident) {
    advance();
    path.push_back(advance());
  }
  if (at(TokenKind::ColonColon)) {
    const Token after = peek(1);
    if (after.kind == TokenKind::LBrace) {
      return error_at(after, "entity literals of the form `Type::{...}` are not supported");
    }
    if (after.kind != TokenKind::String) {
      advance();
      return unexpected("an identifier or a string literal after `::`");
    }
    for (const Token& c : path) CEDAR_RETURN_IF_ERROR(check_name_component(c));
    advance();
    advance();
    CEDAR_ASSIGN_OR_RETURN(id, string_value(after));
    return make_literal(Value::entity(EntityUid{join_path(path), std::move(id)}), path[0].loc);
  }
  auto var = path.size() == 1 ? variable_named(path[0].text) : std::nullopt;
  if (var) return make_var(*var, path[0].loc);
  if (at(TokenKind::LParen)) return parse_function_call(path);
  std::string name = join_path(path);
  return error_at(path[0], "unknown variable `" + name +
                               "`; the variables are principal, action, resource and context"
                               " (an entity literal needs an id, e.g. `" +
                               name + "::\"id\"`)");
}

Result<ExprPtr> Parser::parse_function_call(const std::vector<Token>& path) {
  const Token& name_tok = path[0];
  std::string name = join_path(path);
  std::optional<ExtensionFunctionInfo> ext;
  if (path.size() == 1) ext = find_extension_function(name);
  if (path.size() == 1 && (find_builtin_method(name) || (ext && !ext->is_constructor))) {
    return error_at(name_tok,
                    "`" + name + "` is a method, not a function; call it as `x." + name + "(...)`");
  }
  if (!ext) return error_at(name_tok, "unknown function `" + name + "`");
  CEDAR_ASSIGN_OR_RETURN(args, parse_args(TokenKind::RParen, "in the function arguments"));
  // As for methods, a wrong argument count is an evaluation error.
  return make_call(ext->fn, std::move(args), name_tok.loc);
}

Result<ExprPtr> Parser::parse_record() {
  const Token open = advance();
  std::vector<std::pair<std::string, ExprPtr>> fields;
  std::set<std::string> seen;
  while (!at(TokenKind::RBrace)) {
    const Token key_tok = peek();
    CEDAR_ASSIGN_OR_RETURN(key, parse_record_key());
    if (!at(TokenKind::Colon)) return unexpected("`:` after the record key");
    advance();
    CEDAR_ASSIGN_OR_RETURN(value, parse_expr());
    if (!seen.insert(key).second) {
      return error_at(key_tok, "duplicate key `" + key + "` in record literal");
    }
    fields.emplace_back(std::move(key), std::move(value));
    if (at(TokenKind::Comma)) {
      advance();
    } else if (!at(TokenKind::RBrace)) {
      return unexpected("`,` or `}` in the record literal");
    }
  }
  advance();
  return make_record(std::move(fields), open.loc);
}

// A record key: an identifier (not reserved) or a string literal.
Result<std::string> Parser::parse_record_key() {
  const Token t = peek();
  if (t.kind == TokenKind::String) {
    advance();
    return string_value(t);
  }
  if (t.kind != TokenKind::Ident) return unexpected("a record key (identifier or string)");
  CEDAR_RETURN_IF_ERROR(check_name_component(t));
  advance();
  return std::string(t.text);
}

Result<std::string> Parser::parse_type_name(std::string_view context) {
  std::string name;
  for (;;) {
    const Token t = peek();
    if (t.kind != TokenKind::Ident)
      return unexpected("an entity type name " + std::string(context));
    CEDAR_RETURN_IF_ERROR(check_name_component(t));
    advance();
    name += t.text;
    if (!at(TokenKind::ColonColon) || peek(1).kind != TokenKind::Ident) return name;
    advance();
    name += "::";
  }
}

Result<EntityUid> Parser::parse_entity_uid_literal() {
  std::vector<Token> path;
  for (;;) {
    const Token t = peek();
    if (t.kind != TokenKind::Ident) return unexpected("an entity type name");
    CEDAR_RETURN_IF_ERROR(check_name_component(t));
    path.push_back(advance());
    if (!at(TokenKind::ColonColon)) return unexpected("`::` after the entity type name");
    advance();
    if (at(TokenKind::String)) break;
  }
  const Token id_tok = advance();
  CEDAR_ASSIGN_OR_RETURN(id, string_value(id_tok));
  return EntityUid{join_path(path), std::move(id)};
}

}  // namespace cedar::syntax
