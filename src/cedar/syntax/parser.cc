// Entry points of the Cedar policy parser (include/cedar/parser.h) and the
// token helpers shared by the grammar files.
#include "cedar/parser.h"

#include <algorithm>
#include <utility>

#include "syntax/lexer.h"
#include "syntax/parser_internal.h"

namespace cedar {

namespace syntax {

bool is_reserved_word(std::string_view s) {
  static constexpr std::string_view kReserved[] = {"true", "false", "if",   "then", "else",
                                                   "in",   "is",    "like", "has"};
  return std::find(std::begin(kReserved), std::end(kReserved), s) != std::end(kReserved);
}

Error Parser::unexpected(const std::string& what) const {
  return Error{"expected " + what + ", found " + describe_token(peek()), peek().loc};
}

Status Parser::expect_word(std::string_view word, std::string_view context) {
  if (!at_word(word)) return unexpected("`" + std::string(word) + "` " + std::string(context));
  advance();
  return Status::Ok();
}

Status Parser::expect_end(std::string_view context) {
  if (!at(TokenKind::End)) return unexpected("end of input " + std::string(context));
  return Status::Ok();
}

size_t expr_depth(const Expr& e) {
  size_t deepest = 0;
  std::vector<std::pair<const Expr*, size_t>> stack{{&e, 1}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    for (const ExprPtr& child : node->args) stack.emplace_back(child.get(), depth + 1);
  }
  return deepest;
}

const Expr* find_slot(const Expr& e) {
  std::vector<const Expr*> stack{&e};
  while (!stack.empty()) {
    const Expr* node = stack.back();
    stack.pop_back();
    if (node->kind == Expr::Kind::Slot) return node;
    // Push in reverse so that the leftmost slot is found first.
    for (auto it = node->args.rbegin(); it != node->args.rend(); ++it) stack.push_back(it->get());
  }
  return nullptr;
}

}  // namespace syntax

using syntax::Parser;
using syntax::TokenKind;

Result<std::vector<Policy>> parse_policies(std::string_view text) {
  CEDAR_ASSIGN_OR_RETURN(tokens, syntax::tokenize(text));
  Parser parser(std::move(tokens));
  std::vector<Policy> out;
  while (!parser.at(TokenKind::End)) {
    CEDAR_ASSIGN_OR_RETURN(policy, parser.parse_policy(out.size()));
    out.push_back(std::move(policy));
  }
  return out;
}

Result<PolicySet> parse_policy_set(std::string_view text, PolicyIds ids) {
  CEDAR_ASSIGN_OR_RETURN(policies, parse_policies(text));
  if (ids == PolicyIds::FromIdAnnotation) {
    CEDAR_RETURN_IF_ERROR(rename_from_id_annotations(policies));
  }
  PolicySet set;
  for (Policy& p : policies) {
    SourceLoc loc = p.loc;
    Status s = set.add(std::move(p));
    if (!s) return Error{s.error().message, loc};
  }
  return set;
}

Result<Policy> parse_policy(std::string_view text) {
  CEDAR_ASSIGN_OR_RETURN(tokens, syntax::tokenize(text));
  Parser parser(std::move(tokens));
  if (parser.at(TokenKind::End)) return parser.unexpected("a policy");
  CEDAR_ASSIGN_OR_RETURN(policy, parser.parse_policy(0));
  CEDAR_RETURN_IF_ERROR(parser.expect_end("after the policy"));
  return policy;
}

Result<ExprPtr> parse_expr(std::string_view text) {
  CEDAR_ASSIGN_OR_RETURN(tokens, syntax::tokenize(text));
  Parser parser(std::move(tokens));
  CEDAR_ASSIGN_OR_RETURN(e, parser.parse_expr());
  CEDAR_RETURN_IF_ERROR(parser.expect_end("after the expression"));
  if (syntax::expr_depth(*e) > syntax::kMaxTreeDepth) {
    return Error{"expression nested too deeply", e->loc};
  }
  return e;
}

Result<EntityUid> parse_entity_uid(std::string_view text) {
  CEDAR_ASSIGN_OR_RETURN(tokens, syntax::tokenize(text));
  Parser parser(std::move(tokens));
  CEDAR_ASSIGN_OR_RETURN(uid, parser.parse_entity_uid_literal());
  CEDAR_RETURN_IF_ERROR(parser.expect_end("after the entity uid"));
  return uid;
}

Result<Pattern> parse_pattern(std::string_view quoted_body) {
  return syntax::unescape_pattern(quoted_body, SourceLoc{0, 1, 1});
}

bool is_identifier(std::string_view s, bool allow_reserved) {
  if (s.empty()) return false;
  auto start = [](char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!start(s[0])) return false;
  for (char c : s) {
    if (!start(c) && !(c >= '0' && c <= '9')) return false;
  }
  return allow_reserved || (!syntax::is_reserved_word(s) && s != "__cedar");
}

}  // namespace cedar
