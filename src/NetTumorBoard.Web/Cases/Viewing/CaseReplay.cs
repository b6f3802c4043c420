using System.Reflection;
using JasperFx.Events;

namespace NetTumorBoard.Web.Cases.Viewing;

/// <summary>
/// Folds case events into <see cref="CaseDetails"/> with the aggregate's own <c>Create</c> and <c>Apply</c> methods,
/// found by reflection once (so a new Apply method is picked up without touching this class). Tests compare its result
/// with Marten's AggregateStreamAsync at every sampled version.
/// </summary>
public static class CaseReplay
{
    private static readonly Dictionary<Type, Func<IEvent, CaseDetails, CaseDetails>> Appliers = Build();

    public static CaseDetails? Apply(CaseDetails? state, IEnumerable<IEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Data is CaseCreated created)
            {
                state = CaseDetails.Create(created) with { Version = e.Version };
                continue;
            }
            if (state is null)
            {
                continue;
            }
            state = Appliers.TryGetValue(e.Data.GetType(), out var apply) ? apply(e, state) : state;
            state = state.Version == e.Version ? state : state with { Version = e.Version };
        }
        return state;
    }

    private static Dictionary<Type, Func<IEvent, CaseDetails, CaseDetails>> Build()
    {
        var appliers = new Dictionary<Type, Func<IEvent, CaseDetails, CaseDetails>>();
        var wrap = typeof(CaseReplay).GetMethod(nameof(Wrap), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var method in typeof(CaseDetails).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == "Apply"))
        {
            var parameters = method.GetParameters();
            if (parameters.Length != 2 || parameters[1].ParameterType != typeof(CaseDetails) || method.ReturnType != typeof(CaseDetails)
                || !parameters[0].ParameterType.IsGenericType || parameters[0].ParameterType.GetGenericTypeDefinition() != typeof(IEvent<>))
            {
                throw new InvalidOperationException($"CaseDetails.{method} does not have the Apply(IEvent<T>, CaseDetails) shape the replay expects.");
            }
            var eventType = parameters[0].ParameterType.GetGenericArguments()[0];
            appliers[eventType] = (Func<IEvent, CaseDetails, CaseDetails>)wrap.MakeGenericMethod(eventType).Invoke(null, [method])!;
        }
        return appliers;
    }

    private static Func<IEvent, CaseDetails, CaseDetails> Wrap<T>(MethodInfo method) where T : notnull
    {
        var typed = method.CreateDelegate<Func<IEvent<T>, CaseDetails, CaseDetails>>();
        return (e, c) => typed((IEvent<T>)e, c);
    }
}
