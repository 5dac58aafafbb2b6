namespace Unmentoring;

/// <summary>A setting that stops the service from starting; the message names the setting and what is allowed.</summary>
internal sealed class ConfigurationException(string message) : Exception(message);
