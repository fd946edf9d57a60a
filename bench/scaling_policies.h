// A generated document-sharing application for the policy-scaling
// benchmark: users in groups, documents in folders, actions in action
// groups, and policy sets of any size.
//
// Every set starts with the same ten "core" policies about the core
// entities the request mix uses (users u0..u7, groups g0..g3, folders
// f0..f3, documents d0..d15, the actions view/comment/edit/share). The
// rest are realistic policies about other users, groups, folders and
// documents: per-user grants, group grants, per-document locks, folder
// rules and global rules for actions the mix never asks about. Most of them
// use the same actions as the core, so an index by action alone would
// still visit them. None of them applies to a request of the mix, so every
// size must give the same answers (the benchmark checks it).
#pragma once

#include <string>
#include <vector>

#include "cedar/authorizer.h"
#include "cedar/entities.h"
#include "cedar/policy.h"
#include "cedar/request.h"

namespace bench {

// The ten core policies when n <= 10; the core then n - 10 others.
std::string scaling_policies_text(size_t n);

// The entity store of the request mix (core users, groups, folders,
// documents and the action hierarchy).
cedar::Entities scaling_entities();

// The request mix: 64 requests over the core entities.
std::vector<cedar::Request> scaling_requests();

// One line per request: decision and sorted reasons, for comparing sizes.
std::string describe_answers(const cedar::Authorizer& authz,
                             const std::vector<cedar::Request>& requests,
                             const cedar::Entities& entities);

}  // namespace bench
