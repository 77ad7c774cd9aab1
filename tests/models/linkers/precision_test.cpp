// Mixed precision switch: names, the CUDA-only check (clear errors on the CPU), and the autocast scope's state
// handling (CUDA autocast's flags are thread-local and can be set without a GPU, so the scope is tested here; the
// bf16 arithmetic itself needs a CUDA device: scripts/gpu/device-check.sh).
#include <gtest/gtest.h>

#include "mel/core/util/error.h"
#include "mel/models/linkers.h"
#include "mel/models/training.h"
#include "modeltest.h"
#include "nn/autocast.h"
#include "linkers/torchlinker.h"

namespace mel::models {
namespace {

std::string invalidMessage(const std::function<void()>& run)
{
    try
    {
        run();
    }
    catch (const core::Error& e)
    {
        EXPECT_EQ(e.code(), core::ErrorCode::Invalid);
        return e.what();
    }
    ADD_FAILURE() << "no core::Error thrown";
    return {};
}

TEST(Precision, NamesParseAndUnknownOnesAreRejected)
{
    EXPECT_EQ(parsePrecision("fp32"), Precision::Float32);
    EXPECT_EQ(parsePrecision("float32"), Precision::Float32);
    EXPECT_EQ(parsePrecision("bf16"), Precision::BFloat16);
    EXPECT_EQ(parsePrecision("bfloat16"), Precision::BFloat16);
    EXPECT_EQ(precisionName(Precision::BFloat16), "bf16");
    const auto message = invalidMessage([] { parsePrecision("fp16"); });
    EXPECT_NE(message.find("fp16"), std::string::npos) << message;
}

TEST(Precision, MixedPrecisionNeedsACudaDevice)
{
    EXPECT_NO_THROW(checkPrecision(Precision::Float32, torch::kCPU));
    EXPECT_NO_THROW(checkPrecision(Precision::BFloat16, torch::Device("cuda:0")));
    const auto message = invalidMessage([] { checkPrecision(Precision::BFloat16, torch::kCPU); });
    EXPECT_NE(message.find("CUDA"), std::string::npos) << message;
    EXPECT_NE(message.find("cpu"), std::string::npos) << message;
    // Every entry point refuses it before doing any work.
    EXPECT_THROW(TorchLinker(test::tinyModel("mimic"), torch::kCPU, 1, Precision::BFloat16), core::Error);
    TrainingData data;
    data.train = test::smithExamples();
    auto o = test::tinyTrainOptions("mimic");
    o.device = "cpu";
    o.precision = "bf16";
    invalidMessage([&] { trainOnData(data, o); });
    o.linker = "gemel";
    invalidMessage([&] { trainOnData(data, o); });
    o.linker = "mimic";
    o.precision = "half";
    invalidMessage([&] { trainOnData(data, o); });
    invalidMessage([] { loadLinker("/nonexistent/checkpoint.pt", {"cpu", 1, "bf16"}); });
}

TEST(AutocastScope, EnablesCudaAutocastForItsLifetimeAndRestores)
{
    ASSERT_FALSE(cudaAutocastEnabled());
    const auto before = cudaAutocastType();
    {
        const AutocastScope scope(Precision::BFloat16, torch::Device("cuda"));
        EXPECT_TRUE(scope.active());
        EXPECT_TRUE(cudaAutocastEnabled());
        EXPECT_EQ(cudaAutocastType(), at::kBFloat16);
        {
            const AutocastScope inner(Precision::BFloat16, torch::Device("cuda"));
            EXPECT_TRUE(cudaAutocastEnabled());
        }
        EXPECT_TRUE(cudaAutocastEnabled()) << "an inner scope restores the outer one's state";
    }
    EXPECT_FALSE(cudaAutocastEnabled());
    EXPECT_EQ(cudaAutocastType(), before);
}

TEST(AutocastScope, Float32OrTheCpuLeavesAutocastOff)
{
    {
        const AutocastScope fp32(Precision::Float32, torch::Device("cuda"));
        EXPECT_FALSE(fp32.active());
        EXPECT_FALSE(cudaAutocastEnabled());
        const AutocastScope cpu(Precision::BFloat16, torch::kCPU);
        EXPECT_FALSE(cpu.active());
        EXPECT_FALSE(cudaAutocastEnabled());
    }
    // fp32 ranking and training are unchanged by the switch being there: a tiny run still works.
    TorchLinker linker(test::tinyModel("mimic"), torch::kCPU, 1, Precision::Float32);
    const auto results = linker.rank({test::smithExamples().front().query}, {test::smiths()}, false);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].ranked.size(), 4u);
}

} // namespace
} // namespace mel::models
