namespace Unmentoring.Cli;

/// <summary>
/// Keeps exported cells from running as formulas: a spreadsheet runs a cell that starts with =, +, - or @
/// (a phone number such as +44..., or something a participant typed on purpose). An apostrophe before it
/// makes the cell text; the import takes the apostrophe off again, so an export imports unchanged.
/// </summary>
internal static class SpreadsheetFormula
{
    public static string? Guard(string? cell) => cell is [('=' or '+' or '-' or '@'), ..] ? "'" + cell : cell;

    public static string Unguard(string cell) => cell is ['\'', ('=' or '+' or '-' or '@'), ..] ? cell[1..] : cell;
}
