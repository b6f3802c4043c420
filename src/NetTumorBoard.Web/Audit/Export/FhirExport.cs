using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using NetTumorBoard.Web.Audit.Access;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Decisions;
using NetTumorBoard.Web.Voting;

namespace NetTumorBoard.Web.Audit.Export;

/// <summary>
/// A case as a FHIR R4 collection Bundle: the pseudonymized Patient, the tumour as Condition, the board's decision as
/// CarePlan (an activity per intervention, status from the implementation follow-up, in the spirit of the German MII
/// tumour-conference CarePlan, without claiming conformance to that profile), the people involved as Practitioner,
/// a Provenance for the decision and for every vote, and an AuditEvent for every recorded read of the case.
/// </summary>
public static class FhirExport
{
    public const string System = "https://nettumorboard.org/fhir";
    public static readonly JsonSerializerOptions Json = new JsonSerializerOptions { WriteIndented = true }.ForFhir(ModelInfo.ModelInspector);

    public static Bundle Build(CaseDetails c, IReadOnlyList<AccessEntry> access, DateTimeOffset now)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Timestamp = now, Id = c.Id.ToString() };
        string Add(Resource resource, Guid id)
        {
            var url = $"urn:uuid:{id}";
            resource.Id = id.ToString();
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = url, Resource = resource });
            return url;
        }

        var patient = new Patient
        {
            Identifier = [new Identifier($"{System}/pseudonym", c.Patient.Pseudonym)],
            Gender = c.Patient.Sex switch
            {
                Sex.Female => AdministrativeGender.Female, Sex.Male => AdministrativeGender.Male, Sex.Other => AdministrativeGender.Other, _ => AdministrativeGender.Unknown,
            },
            BirthDate = c.Patient.BirthYear?.ToString(global::System.Globalization.CultureInfo.InvariantCulture),
        };
        var patientUrl = Add(patient, Derived(c.Id, "patient"));
        var condition = new Condition
        {
            Subject = new ResourceReference(patientUrl),
            Code = new CodeableConcept { Text = CaseFormat.Classification(c.Tumor.PrimarySite, c.Tumor.Histology, c.Tumor.WhoGrade, c.Tumor.Ki67Percent) },
            BodySite = c.Tumor.PrimarySite is { } site ? [new CodeableConcept { Text = CaseFormat.Words(site) }] : [],
        };
        var conditionUrl = Add(condition, Derived(c.Id, "condition"));

        var practitioners = new Dictionary<Guid, string>();
        string Practitioner(Guid id, string name, Platform.Identity.Discipline? discipline)
        {
            if (!practitioners.TryGetValue(id, out var url))
            {
                url = Add(new Practitioner
                {
                    Name = [new HumanName { Text = name }],
                    Qualification = discipline is { } d ? [new Practitioner.QualificationComponent { Code = new CodeableConcept { Text = Platform.Identity.DisciplineNames.Display(d) } }] : [],
                }, id);
                practitioners[id] = url;
            }
            return url;
        }

        if (c.Decision is { } decision)
        {
            var record = decision.Record;
            var chair = record.Attendees.FirstOrDefault(a => a.UserId == record.DecidedBy);
            var chairUrl = Practitioner(record.DecidedBy, chair?.Name ?? "Chair", chair?.Discipline);
            var tasks = c.FollowUpTasks.Where(t => t.DecisionId == decision.Id).ToList();
            var plan = new CarePlan
            {
                Status = decision.Retracted ? RequestStatus.Revoked
                    : tasks.Count > 0 && tasks.All(t => t.Outcome == TaskOutcome.Implemented) ? RequestStatus.Completed
                    : tasks.Count > 0 && tasks.All(t => t.Outcome is not null) ? RequestStatus.Revoked
                    : RequestStatus.Active,
                Intent = CarePlan.CarePlanIntent.Plan,
                Category = [new CodeableConcept($"{System}/CodeSystem/careplan-category", "tumor-board-decision", "Tumor board decision")],
                Title = $"Tumor board decision for {c.Patient.Pseudonym}",
                Description = $"{decision.CurrentPlan} — Rationale: {decision.CurrentRationale}",
                Subject = new ResourceReference(patientUrl),
                Created = record.DecidedAt.ToString("o"),
                Author = new ResourceReference(chairUrl),
                Addresses = [new ResourceReference(conditionUrl)],
                Note =
                [
                    new Annotation { Text = $"Guideline concordance: {decision.CurrentConcordance.Status}{(decision.CurrentConcordance.Reason is { } r ? $" ({r})" : "")}{(decision.CurrentConcordance.OpenQuestionId is { } q ? $"; open question {q}{(decision.CurrentConcordance.OpenQuestionTitle is { } t ? $" ({t})" : "")}" : "")}" },
                    .. record.Dissent.Select(d => new Annotation { Text = $"Dissent: {d.Name} ({d.Discipline}){(d.Comment is null ? "" : $": {d.Comment}")}" }),
                    .. Decisions.DecisionWords.QuorumOverride(record) is { } quorum ? [new Annotation { Text = $"Quorum {quorum}" }] : Array.Empty<Annotation>(),
                    .. Decisions.DecisionWords.MissingAtDecision(record) is { } missing ? [new Annotation { Text = $"Work-up incomplete when decided: {missing}" }] : Array.Empty<Annotation>(),
                    .. decision.Amendments.Select(a => new Annotation { Text = $"Amended {a.At:yyyy-MM-dd}: {a.Reason}" }),
                ],
                Activity = [.. new[] { record.Intervention }.Concat(record.AdditionalInterventions).Select(i => new CarePlan.ActivityComponent
                {
                    Detail = new CarePlan.DetailComponent
                    {
                        Code = new CodeableConcept($"{System}/CodeSystem/intervention", i.ToString(), CaseFormat.Words(i)),
                        Status = tasks.Count > 0 && tasks.All(t => t.Outcome == TaskOutcome.Implemented) ? CarePlan.CarePlanActivityStatus.Completed
                            : decision.Retracted ? CarePlan.CarePlanActivityStatus.Cancelled : CarePlan.CarePlanActivityStatus.Scheduled,
                        Description = decision.CurrentPlan,
                    },
                })],
            };
            var planUrl = Add(plan, decision.Id);
            Add(new Provenance
            {
                Target = [new ResourceReference(planUrl)],
                Recorded = record.DecidedAt,
                Activity = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE", "create"),
                Agent = [new Provenance.AgentComponent { Who = new ResourceReference(chairUrl), Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author") }],
                Reason = [new CodeableConcept { Text = $"Case version {record.CaseVersionSeen} as seen by the board" }],
            }, Derived(decision.Id, "provenance"));
            foreach (var vote in record.Votes)
            {
                Add(new Provenance
                {
                    Target = [new ResourceReference(planUrl)],
                    Recorded = vote.At,
                    Activity = new CodeableConcept($"{System}/CodeSystem/vote", vote.Choice.ToString(), $"Voted {vote.Choice}"),
                    Agent = [new Provenance.AgentComponent { Who = new ResourceReference(Practitioner(vote.UserId, vote.Name, vote.Discipline)),
                        Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "attester", "Attester") }],
                    Reason = vote.Comment is null ? [] : [new CodeableConcept { Text = vote.Comment }],
                }, Derived(decision.Id, $"vote:{vote.UserId}"));
            }
        }

        foreach (var entry in access)
        {
            Add(new AuditEvent
            {
                Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"),
                Action = AuditEvent.AuditEventAction.R,
                Recorded = entry.At,
                Outcome = AuditEvent.AuditEventOutcome.N0,
                Agent = [new AuditEvent.AgentComponent { Who = new ResourceReference { Display = entry.UserName, Identifier = new Identifier($"{System}/user", entry.UserId.ToString()) }, Requestor = true }],
                Source = new AuditEvent.SourceComponent { Observer = new ResourceReference { Display = "NetTumorBoard" } },
                Entity = [new AuditEvent.EntityComponent { What = new ResourceReference(patientUrl), Description = $"{entry.Kind}{(entry.Detail is null ? "" : $": {entry.Detail}")}" }],
            }, Derived(c.Id, $"access:{entry.Id}"));
        }
        return bundle;
    }

    /// <summary>A stable id for a resource derived from a case or decision (the same export twice has the same ids).</summary>
    private static Guid Derived(Guid id, string what)
    {
        var hash = global::System.Security.Cryptography.SHA256.HashData(global::System.Text.Encoding.UTF8.GetBytes($"{id}:{what}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
