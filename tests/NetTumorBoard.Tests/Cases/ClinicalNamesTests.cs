using NetTumorBoard.Web.Cases;

namespace NetTumorBoard.Tests.Cases;

/// <summary>Therapies and syndromes read as clinicians write them — in the decision record, the register and the minutes.</summary>
public sealed class ClinicalNamesTests
{
    [Theory]
    [InlineData(Intervention.Captem, "CAPTEM")]
    [InlineData(Intervention.PrrtLu177, "177Lu-PRRT")]
    [InlineData(Intervention.SstrImaging, "SSTR imaging")]
    [InlineData(Intervention.MgmtTesting, "MGMT testing")]
    [InlineData(Intervention.StreptozocinFluorouracil, "Streptozocin + 5-FU")]
    [InlineData(Intervention.AdjuvantChemotherapy, "Adjuvant chemotherapy")]
    [InlineData(FunctionalSyndrome.VIPoma, "VIPoma")]
    [InlineData(FunctionalSyndrome.CarcinoidSyndrome, "Carcinoid syndrome")]
    public void Names_read_as_clinicians_write_them(object value, string expected) => Assert.Equal(expected, CaseFormat.Words((Enum)value));

    [Fact]
    public void Every_intervention_has_a_name_without_a_split_abbreviation()
    {
        foreach (var intervention in Enum.GetValues<Intervention>())
        {
            var name = CaseFormat.Words(intervention);
            Assert.DoesNotMatch(@"\b(Prrt|Sstr|Mgmt|Captem)\b", name);
        }
    }
}
