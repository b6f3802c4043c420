using MudBlazor;

namespace NetTumorBoard.Web.Components.Layout;

/// <summary>A calm, high-contrast theme readable on a meeting-room screen.</summary>
public static class NetTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1F5C8B",
            Secondary = "#6A4C93",
            Tertiary = "#2E7D6B",
            AppbarBackground = "#17456A",
            Background = "#F5F7FA",
            DrawerBackground = "#FFFFFF",
            TextPrimary = "#1B2430",
            TextSecondary = "#4A5563",
            Success = "#2E7D32",
            // Warning and info text (chips, alerts) at least 4.5:1 on their light backgrounds (WCAG AA; axe in AccessibilityTests).
            Warning = "#8A5300",
            Info = "#1565C0",
            Error = "#C62828",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"], FontSize = "0.95rem" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "232px" },
    };
}
