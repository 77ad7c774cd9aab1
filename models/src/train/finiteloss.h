// Stops a training whose loss is no longer a number: the weights are lost for good, and carrying on would end with a
// "best" epoch chosen among NaN figures and a checkpoint that every later load refuses.
#pragma once

#include <cmath>
#include <string>

#include "mel/core/util/error.h"

namespace mel::models {

inline void requireFiniteLoss(double loss, long long step)
{
    if (!std::isfinite(loss))
        throw core::Error(core::ErrorCode::Invalid,
                          "train: the loss is " + std::string(std::isnan(loss) ? "NaN" : "infinite") + " at step " +
                              std::to_string(step) +
                              ": the training diverged (lower the learning rate); checkpoints of earlier epochs are "
                              "kept");
}

} // namespace mel::models
