// Error and Result for the Cedar engine: the base library's (base/result.h),
// under the engine's namespace.
#pragma once

#include "base/result.h"

namespace cedar {

using base::Error;
using base::ErrorKind;
using base::Result;
using base::SourceLoc;
using base::Status;

}  // namespace cedar
