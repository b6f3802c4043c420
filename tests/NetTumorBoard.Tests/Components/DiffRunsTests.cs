using NetTumorBoard.Web.Components;

namespace NetTumorBoard.Tests.Components;

public sealed class DiffRunsTests
{
    [Fact]
    public void Consecutive_changed_words_read_as_one_removed_phrase_and_one_added_phrase()
    {
        var runs = DiffRuns.Between("CT 2026-10: liver metastases, largest 41 mm.", "CT 2027-01: partial response, largest 28 mm.");

        var changes = runs.Where(r => r.IsChange).ToList();
        Assert.True(changes.Any(c => c.Removed.Contains("liver metastases") && c.Added.Contains("partial response")), string.Join(" | ", runs.Select(r => r.IsChange ? $"-[{r.Removed}] +[{r.Added}]" : $"={r.Unchanged}")));
        Assert.Contains(changes, c => c.Removed == "41" && c.Added == "28");
    }

    [Fact]
    public void Concatenating_the_runs_restores_both_texts()
    {
        const string before = "Ki-67 12 %, mitoses 3 per 2 mm². No necrosis.";
        const string after = "Ki-67 22 % (hot spot), mitoses 3 per 2 mm². Focal necrosis present.";

        var runs = DiffRuns.Between(before, after);

        Assert.Equal(before, string.Concat(runs.Select(r => r.IsChange ? r.Removed : r.Unchanged)));
        Assert.Equal(after, string.Concat(runs.Select(r => r.IsChange ? r.Added : r.Unchanged)));
    }

    [Fact]
    public void Identical_texts_have_no_change()
    {
        Assert.DoesNotContain(DiffRuns.Between("same text", "same text"), r => r.IsChange);
    }
}
