// The dataset layout: families of look-alike entities sharing a surname, and scenes where only the image tells
// which family member a sentence means.
#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "grounding/random.h"
#include "grounding/render.h"
#include "mel/core/util/error.h"
#include "mel/models/grounding.h"

namespace mel::models {

namespace {

using grounding::SplitMix;
using grounding::streamSeed;

constexpr std::array<const char*, kGroundingShapeCount> kSurnames{"Smith",  "Walker", "Turner", "Carter",
                                                                  "Hughes", "Morgan", "Foster", "Bennett"};
constexpr std::array<const char*, 32> kFirstNames{
    "Anna", "Ben",   "Clara", "David", "Emma",  "Felix", "Grace",  "Henry", "Iris",  "Jack",  "Lena",
    "Mark", "Nora",  "Oscar", "Paula", "Quinn", "Rosa",  "Simon",  "Tara",  "Victor", "Wendy", "Xavier",
    "Yara", "Zack",  "Alice", "Bruno", "Cora",  "Dean",  "Elsa",   "Frank", "Gina",  "Hugo"};
// Sentences say nothing about the look: {S} is the surname, the other slots are drawn independently of the gold.
constexpr std::array<const char*, 8> kTemplates{
    "{S} was seen near the {P} on {D}.",
    "On {D} {S} visited the {P} with friends.",
    "Everyone at the {P} waited for {S} to arrive.",
    "A photo of {S} at the {P}, taken on {D}.",
    "Reporters asked {S} about the {T} outside the {P}.",
    "{S} spoke about the {T} on {D}.",
    "Fans at the {P} cheered for {S}.",
    "The {T} was the reason {S} came to the {P}."};
constexpr std::array<const char*, 10> kPlaces{"harbour", "market",  "museum", "stadium", "library",
                                              "station", "gallery", "park",   "theatre", "festival"};
constexpr std::array<const char*, 7> kDays{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                           "Sunday"};
constexpr std::array<const char*, 8> kTopics{"election", "new bridge", "weather", "concert",
                                             "football match", "book", "exhibition", "budget"};

void check(bool ok, const std::string& what)
{
    if (!ok)
        throw core::Error(core::ErrorCode::Invalid, "grounding spec: " + what);
}

void replaceSlot(std::string& text, const std::string& slot, const std::string& value)
{
    const auto at = text.find(slot);
    if (at != std::string::npos)
        text.replace(at, slot.size(), value);
}

std::vector<GroundingEntity> makeEntities(const GroundingSpec& spec)
{
    SplitMix rng(streamSeed(spec.seed, 0, 0));
    std::vector<std::string> firstNames(kFirstNames.begin(), kFirstNames.end());
    rng.shuffle(firstNames);
    std::size_t nextName = 0;
    std::vector<GroundingEntity> entities;
    for (int family = 0; family < spec.families; ++family)
    {
        const int members = rng.uniform(spec.minMembers, spec.maxMembers);
        std::vector<int> colours(grounding::kColourCount);
        for (int i = 0; i < grounding::kColourCount; ++i)
            colours[static_cast<std::size_t>(i)] = i;
        rng.shuffle(colours);  // members of a family never share a colour
        for (int m = 0; m < members; ++m)
        {
            GroundingEntity e;
            e.qid = "Q" + std::to_string(900001 + entities.size());
            e.surname = kSurnames.at(static_cast<std::size_t>(family));
            e.name = firstNames.at(nextName++) + " " + e.surname;
            e.shape = family;
            e.colour = colours.at(static_cast<std::size_t>(m));
            e.pattern = rng.uniform(0, grounding::kPatternCount - 1);
            e.description = "Family: " + e.surname + ". Emblem: " + grounding::colourName(e.colour) + " " +
                            grounding::patternWord(e.pattern) + " " + grounding::shapeName(e.shape) + ".";
            e.imageFile = "entities/" + e.qid + ".png";
            entities.push_back(std::move(e));
        }
    }
    return entities;
}

// Places `sizes` squares without overlap (2 px apart); false when the random tries run out.
bool place(const GroundingSpec& spec, SplitMix& rng, std::vector<GroundingObject>& objects)
{
    for (std::size_t i = 0; i < objects.size(); ++i)
    {
        auto& o = objects[i];
        bool placed = false;
        for (int attempt = 0; attempt < 300 && !placed; ++attempt)
        {
            o.x = rng.uniform(1, spec.imageSize - o.size - 1);
            o.y = rng.uniform(1, spec.imageSize - o.size - 1);
            placed = std::none_of(objects.begin(), objects.begin() + static_cast<std::ptrdiff_t>(i), [&](const auto& p) {
                return o.x < p.x + p.size + 2 && p.x < o.x + o.size + 2 && o.y < p.y + p.size + 2 &&
                       p.y < o.y + o.size + 2;
            });
        }
        if (!placed)
            return false;
    }
    return true;
}

GroundingSample makeSample(const GroundingSpec& spec, const std::vector<GroundingEntity>& entities,
                           const std::vector<std::vector<int>>& families, std::size_t index, const std::string& split,
                           int ordinal)
{
    SplitMix rng(streamSeed(spec.seed, 1, index));
    GroundingSample s;
    char id[32];
    std::snprintf(id, sizeof id, "%s-%05d", split.c_str(), ordinal);
    s.id = id;
    s.split = split;
    s.imageFile = "images/" + s.id + ".png";
    s.gold = rng.uniform(0, static_cast<int>(entities.size()) - 1);
    const auto& gold = entities[static_cast<std::size_t>(s.gold)];

    // Distractors: one entity from each of (objects - 1) other families, so the gold's shape occurs once.
    std::vector<int> otherFamilies;
    for (int f = 0; f < spec.families; ++f)
        if (f != gold.shape)
            otherFamilies.push_back(f);
    rng.shuffle(otherFamilies);
    const int count = rng.uniform(spec.minObjects, spec.maxObjects);
    std::vector<int> members{s.gold};
    for (int i = 0; i + 1 < count; ++i)
    {
        const auto& family = families[static_cast<std::size_t>(otherFamilies[static_cast<std::size_t>(i)])];
        members.push_back(family[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(family.size()) - 1))]);
    }
    for (int attempt = 0;; ++attempt)
    {
        check(attempt < 50, "the objects do not fit into the image (fewer or smaller objects, or a larger image)");
        s.objects.clear();
        for (const int m : members)
        {
            GroundingObject o;
            o.entity = m;
            o.size = rng.uniform(spec.minObjectSize, spec.maxObjectSize);
            s.objects.push_back(o);
        }
        if (place(spec, rng, s.objects))
            break;
    }
    for (auto& o : s.objects)
    {
        const auto tight = grounding::shapeBox(entities[static_cast<std::size_t>(o.entity)].shape, o.size);
        o.box = core::BoundingBox{static_cast<double>(o.x + tight.x), static_cast<double>(o.y + tight.y),
                                  static_cast<double>(tight.width), static_cast<double>(tight.height)};
    }

    std::string text = kTemplates[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(kTemplates.size()) - 1))];
    replaceSlot(text, "{P}", kPlaces[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(kPlaces.size()) - 1))]);
    replaceSlot(text, "{D}", kDays[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(kDays.size()) - 1))]);
    replaceSlot(text, "{T}", kTopics[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(kTopics.size()) - 1))]);
    const auto at = text.find("{S}");
    text.replace(at, 3, gold.surname);
    s.text = text;
    s.surface = gold.surname;
    s.begin = static_cast<int>(at);  // the text is ASCII: bytes are code points
    s.end = s.begin + static_cast<int>(gold.surname.size());
    return s;
}

} // namespace

GroundingDataset makeGroundingDataset(const GroundingSpec& spec)
{
    check(spec.families >= 2 && spec.families <= kGroundingShapeCount, "families must be 2.." +
                                                                            std::to_string(kGroundingShapeCount));
    check(spec.minMembers >= 2 && spec.maxMembers >= spec.minMembers && spec.maxMembers <= grounding::kColourCount,
          "members per family must be 2.." + std::to_string(grounding::kColourCount) + " (min <= max)");
    check(spec.families * spec.maxMembers <= static_cast<int>(kFirstNames.size()), "too many entities for the names");
    check(spec.minObjects >= 1 && spec.maxObjects >= spec.minObjects && spec.maxObjects <= spec.families,
          "objects per image must be 1..families (min <= max)");
    check(spec.minObjectSize >= 8 && spec.maxObjectSize >= spec.minObjectSize &&
              spec.maxObjectSize + 2 < spec.imageSize,
          "object sizes must be >= 8 and smaller than the image");
    check(spec.trainSamples >= 0 && spec.devSamples >= 0 && spec.testSamples >= 0, "sample counts must be >= 0");

    GroundingDataset d;
    d.spec = spec;
    d.entities = makeEntities(spec);
    std::vector<std::vector<int>> families(static_cast<std::size_t>(spec.families));
    for (std::size_t i = 0; i < d.entities.size(); ++i)
        families[static_cast<std::size_t>(d.entities[i].shape)].push_back(static_cast<int>(i));
    std::size_t index = 0;
    for (const auto& [split, count] : {std::pair<std::string, int>{"train", spec.trainSamples},
                                       {"dev", spec.devSamples}, {"test", spec.testSamples}})
        for (int i = 0; i < count; ++i)
            d.samples.push_back(makeSample(spec, d.entities, families, index++, split, i + 1));
    return d;
}

double textOnlyChance(const GroundingDataset& dataset, std::string_view split)
{
    double sum = 0;
    int n = 0;
    for (const auto& s : dataset.samples)
    {
        if (s.split != split)
            continue;
        const auto& surname = dataset.entities[static_cast<std::size_t>(s.gold)].surname;
        const auto same = std::count_if(dataset.entities.begin(), dataset.entities.end(),
                                        [&](const auto& e) { return e.surname == surname; });
        sum += 1.0 / static_cast<double>(same);
        ++n;
    }
    return n ? sum / n : 0;
}

} // namespace mel::models
