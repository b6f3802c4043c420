using NetTumorBoard.Web.Cases.Editing.Text;

namespace NetTumorBoard.Tests.Cases.Editing;

public sealed class TextMergeTests
{
    [Theory]
    [InlineData("Liver metastases.", "Liver metastases, segment VII.", "Multiple liver metastases.", "Multiple liver metastases, segment VII.")]
    [InlineData("Ki-67 12%.", "Ki-67 12% (hotspot).", "Ki-67 12%. Mitoses 4/2mm2.", "Ki-67 12% (hotspot). Mitoses 4/2mm2.")]
    [InlineData("Octreotide 30 mg", "Octreotide LAR 30 mg", "Octreotide 30 mg monthly", "Octreotide LAR 30 mg monthly")]
    [InlineData("a b c", "a b X c", "a b Y c", "a b X Y c")]
    [InlineData("stable disease", "", "stable disease since May", " since May")]
    public void Concurrent_edits_from_one_base_both_apply(string @base, string mine, string theirs, string expected) =>
        Assert.Equal(expected, TextMerge.Merge(@base, mine, theirs));

    [Fact]
    public void Text_typed_into_a_passage_someone_else_deleted_survives()
    {
        var merged = TextMerge.Merge("CT: lesion 2 cm, unchanged.", "CT: lesion 2 cm (was 1.8 cm), unchanged.", "CT: unchanged.");
        Assert.Contains("(was 1.8 cm)", merged);
        Assert.DoesNotContain("lesion 2 cm", merged);
    }

    [Fact]
    public void Two_people_changing_the_same_word_both_keep_their_version() =>
        Assert.Equal("metastasesmetastasis", TextMerge.Merge("metastasse", "metastases", "metastasis"));

    [Fact]
    public void Text_that_lands_right_after_a_half_typed_word_does_not_split_it() =>
        // The radiologist's burst ended mid-word ("segmen"); the pathologist's text was appended right after it.
        Assert.Equal("new lesion in segment II. Biopsy VII: NET G2.",
            TextMerge.Merge("new lesion in segmen", "new lesion in segment II. ", "new lesion in segmenBiopsy VII: NET G2."));

    [Fact]
    public void Two_people_typing_at_the_same_spot_each_keep_their_words_together()
    {
        // Both start typing at the end of an empty section; the radiologist's first burst commits first.
        const string r1 = "CT: liver metastases VI and VII,", r2 = " largest 41 mm. ";
        const string p1 = "Biopsy VII: NET G2,", p2 = " Ki-67 14 %. ";
        var server = TextMerge.Merge("", r1, "");                                  // v1 = r1
        var pathologistSent = p1;
        var v2 = TextMerge.Merge("", pathologistSent, server);                     // the pathologist's burst, based on v0
        var pathologist = TextMerge.Merge(pathologistSent, p1 + p2, v2);          // the answer arrives while typing p2
        var radiologist = TextMerge.Merge(r1, r1 + r2, v2);                        // v2 arrives while typing r2
        var v3 = TextMerge.Merge(v2, radiologist, v2);
        var v4 = TextMerge.Merge(v2, pathologist, v3);
        Assert.Contains(r1 + r2, v4);
        Assert.Contains(p1 + p2, v4);
    }

    [Fact]
    public void Identical_changes_are_not_doubled() =>
        Assert.Equal("ECOG 1", TextMerge.Merge("ECOG 0", "ECOG 1", "ECOG 1"));

    [Theory]
    [InlineData("", "History of carcinoid syndrome since 2021.")]
    [InlineData("Octreotide LAR 30 mg\tmonthly", "Lanreotide 120 mg every 28 days\n100% adherence")]
    [InlineData("Résection R0, pN2 (2/14).", "Résection R0 — pN2 (2/14); Ki-67 12 %.")]
    public void A_delta_replays_forward_and_backward_exactly(string before, string after)
    {
        var delta = TextDelta.Compute(before, after);
        Assert.Equal(after, TextDelta.Apply(before, delta));
        Assert.Equal(before, TextDelta.Revert(after, delta));
    }

    [Fact]
    public void A_delta_refuses_a_text_it_was_not_made_from()
    {
        var delta = TextDelta.Compute("Ki-67 12%", "Ki-67 14%");
        Assert.Throws<InvalidOperationException>(() => TextDelta.Apply("Mitoses 4", delta));
    }
}
