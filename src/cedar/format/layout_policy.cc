// Laying out policies: annotations, effect, scope and conditions. See layout.h.
//
//   @id("p1")
//   permit (principal, action, resource)      <- no scope constraints
//   when { context.ok };
//
//   permit (
//     principal in Group::"clerks",          <- one scope element per line
//     action == Action::"view",
//     resource
//   )
//   when {
//     resource.public &&                      <- condition too long for one line
//     principal.department == resource.department
//   };
#include "format/layout.h"

namespace cedar::format {

Doc Layout::tok(size_t i) {
  Doc d = leading(i);
  d += Doc::text(std::string(t_[i].text));
  d += trailing(i);
  ++written_;
  return d;
}

Doc Layout::leading(size_t i) {
  const SourceToken& t = t_[i];
  if (leading_done_[i] || t.leading.empty()) return Doc();
  leading_done_[i] = true;
  bool header = i == policy_start_;
  Doc d;
  for (size_t k = 0; k < t.leading.size(); ++k) {
    const LineComment& c = t.leading[k];
    d += header && k > 0 && c.blank_before ? Doc::blankline() : Doc::hardline();
    d += Doc::text(c.text);
  }
  return d + (header && t.blank_before ? Doc::blankline() : Doc::hardline());
}

Doc Layout::trailing(size_t i) {
  const SourceToken& t = t_[i];
  if (trailing_done_[i] || t.trailing.empty()) return Doc();
  trailing_done_[i] = true;
  return Doc::space() + Doc::text(t.trailing) + Doc::hardline();
}

Doc Layout::end_comments(size_t end_token) const {
  Doc d;
  for (const LineComment& c : t_[end_token].leading) {
    d += (c.blank_before ? Doc::blankline() : Doc::hardline()) + Doc::text(c.text);
  }
  return d;
}

Doc Layout::policy(const PolicyCst& p) {
  policy_start_ = p.annotations.empty() ? p.effect : p.annotations[0].kids[0].tok;
  Doc d;
  for (const Node& a : p.annotations) d += expr(a) + Doc::hardline();
  d += tok(p.effect) + Doc::space() + tok(p.open);
  d += scope(p);  // before tok(p.close): the scope takes the comments before `)`
  d += tok(p.close);
  for (const ConditionCst& c : p.conditions) d += Doc::hardline() + condition(c);
  return d + tok(p.semi);
}

// Whether a comment sits anywhere between the scope's parentheses.
bool Layout::scope_has_comments(const PolicyCst& p) const {
  for (size_t i = p.open; i <= p.close; ++i) {
    if ((i > p.open && !t_[i].leading.empty()) || (i < p.close && !t_[i].trailing.empty())) {
      return true;
    }
  }
  return false;
}

// `principal, action, resource` on the line of the effect when none is
// constrained (and no comment is in the way); otherwise one per line.
Doc Layout::scope(const PolicyCst& p) {
  bool bare = true;
  for (const Node& n : p.scope) bare = bare && n.kind == Node::Kind::Token;
  if (bare && !scope_has_comments(p)) {
    return tok(p.scope[0]) + tok(p.commas[0]) + Doc::space() + tok(p.scope[1]) + tok(p.commas[1]) +
           Doc::space() + tok(p.scope[2]);
  }
  Doc elems = Doc::hardline() + scope_element(p.scope[0]) + tok(p.commas[0]) + Doc::hardline() +
              scope_element(p.scope[1]) + tok(p.commas[1]) + Doc::hardline() +
              scope_element(p.scope[2]) + leading(p.close);
  return Doc::nest(indent_, std::move(elems)) + Doc::hardline();
}

// `var`, `var == E`, `var in E`, `var is T`, `var is T in E`.
Doc Layout::scope_element(const Node& n) {
  if (n.kind == Node::Kind::Token) return tok(n);
  Doc post = trailing(last_token(n));
  Doc d = tok(n.kids[0]);
  size_t k = 1;
  if (k + 1 < n.kids.size() && t_[n.kids[k].tok].text == "is") {
    d += Doc::space() + tok(n.kids[k]) + Doc::space() + expr(n.kids[k + 1]);
    k += 2;
  }
  if (k + 1 < n.kids.size()) d += operator_and_operand(n.kids[k], n.kids[k + 1]);
  return d + std::move(post);
}

// `when { e }` on one line if it fits, else
//   when {
//     e
//   }
Doc Layout::condition(const ConditionCst& c) {
  Doc post = trailing(c.close);
  Doc head = tok(c.keyword) + Doc::space() + tok(c.open);
  Doc body = Doc::nest(indent_, Doc::line() + expr(c.body) + leading(c.close));
  Doc close = tok(c.close);
  return Doc::group(std::move(head) + std::move(body) + Doc::line() + std::move(close)) +
         std::move(post);
}

}  // namespace cedar::format
