// Namespaces every command file of the worker uses.
global using System.CommandLine;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
global using Microsoft.Extensions.Logging;
