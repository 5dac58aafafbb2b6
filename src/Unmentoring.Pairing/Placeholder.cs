namespace Unmentoring.Pairing;

internal static class Placeholder;
