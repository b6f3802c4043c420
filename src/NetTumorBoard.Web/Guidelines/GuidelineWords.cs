namespace NetTumorBoard.Web.Guidelines;

public static class GuidelineWords
{
    public static string Setting(Setting setting) => setting switch
    {
        Guidelines.Setting.LocalizedCurative => "localized, curative intent",
        Guidelines.Setting.NeoadjuvantInduction => "neoadjuvant / induction",
        Guidelines.Setting.FirstLineMetastatic => "first line, advanced",
        Guidelines.Setting.LaterLine => "later line",
        Guidelines.Setting.FunctionalSyndrome => "functional syndrome",
        _ => setting.ToString().ToLowerInvariant(),
    };
}
