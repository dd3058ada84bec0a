using System.Collections;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.Core.Bundles;

/// <summary>
/// Visits every <see cref="ResourceReference"/> of a resource, however deep: inside backbone
/// elements, extensions (of any depth) and contained resources alike.
/// </summary>
public static class ReferenceRewriter
{
    /// <summary>All references of <paramref name="resource"/>, in document order.</summary>
    public static IEnumerable<ResourceReference> References(Base resource)
    {
        var stack = new Stack<Base>();
        stack.Push(resource);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is ResourceReference reference)
            {
                yield return reference;
            }

            // EnumerateElements yields each element once, as a Base or as a list of them.
            foreach (var (_, value) in node.EnumerateElements().Reverse())
            {
                switch (value)
                {
                    case Base child:
                        stack.Push(child);
                        break;
                    case IEnumerable list and not string:
                        foreach (var item in list.OfType<Base>().Reverse())
                        {
                            stack.Push(item);
                        }

                        break;
                }
            }
        }
    }

    /// <summary>
    /// Replaces each reference for which <paramref name="map"/> returns a value. The references
    /// are collected first, so the map may do anything without disturbing the walk.
    /// </summary>
    public static async Task RewriteAsync(Resource resource, Func<string, Task<string?>> map)
    {
        foreach (var reference in References(resource).ToList())
        {
            if (reference.Reference is { Length: > 0 } text && await map(text).ConfigureAwait(false) is { } replacement)
            {
                reference.Reference = replacement;
            }
        }
    }
}
