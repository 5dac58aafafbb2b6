using BenchmarkDotNet.Running;

// Every suite in this assembly; pick with --filter, e.g. --filter '*Pairing*'.
// Not typeof(Program): the service assembly, visible to this one, has a Program of its own.
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetExecutingAssembly()).Run(args);
