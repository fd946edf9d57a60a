// Evaluator: Cedar's expression semantics.
//
// Errors are values of the Result: type errors, missing attributes or
// entities, arithmetic overflow, extension errors. `&&`, `||` and `if`
// short-circuit, so an error in an unevaluated branch is not an error.
#pragma once

#include "cedar/entities.h"
#include "cedar/expr.h"
#include "cedar/request.h"
#include "cedar/result.h"
#include "cedar/value.h"

namespace cedar {

class Evaluator {
 public:
  Evaluator(const Request& request, const Entities& entities)
      : request_(request), entities_(entities) {}

  Result<Value> evaluate(const Expr& e) const;

 private:
  const Request& request_;
  const Entities& entities_;
};

}  // namespace cedar
