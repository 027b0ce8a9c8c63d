using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerFunctions.FunctionApp.Hosting;

/// <summary>
/// What an orchestration or activity trigger wrapper does, once: the Functions SDK needs a [Function] method per
/// orchestrator and activity (it writes the metadata from their attributes), and each method's body is one call here
/// to the shared class the local host runs on the Durable Task worker.
/// </summary>
public static class DurableWrappers
{
    /// <summary>Runs <typeparamref name="TOrchestrator"/> on the input the orchestration trigger carries.</summary>
    public static Task<TOutput> Orchestrate<TOrchestrator, TInput, TOutput>(TaskOrchestrationContext context)
        where TOrchestrator : TaskOrchestrator<TInput, TOutput>, new()
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TOrchestrator().RunAsync(context, context.GetInput<TInput>()!);
    }

    /// <summary>A service of the function's scope (e.g. the starter a timer trigger calls).</summary>
    public static T Service<T>(FunctionContext context)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.InstanceServices.GetRequiredService<T>();
    }

    /// <summary>Runs <typeparamref name="TActivity"/>, built by DI from the function's services, on the trigger's input.</summary>
    public static Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, string instanceId, FunctionContext context)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices);
        return activity.RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId), input);
    }
}
