using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace RasaPlatform.Api.Http;

/// <summary>
/// Binds every <see cref="double"/> query or route value as written: invariant culture, no digit grouping, finite.
/// </summary>
/// <remarks>
/// MVC's own binder allows thousands separators, so <c>until=1,5</c> meant 15 and <c>maximumConfidence=0,5</c> meant 5:
/// a silently wrong answer. It also reads <c>NaN</c>, <c>Infinity</c> and <c>1e999</c> (as infinity), which the
/// spec's <c>number</c> does not mean and which compare as nothing or everything (<c>until=NaN</c> gave no events).
/// What this refuses is a model-state error, which <c>[ApiController]</c> answers with a 400 problem naming the
/// parameter.
/// </remarks>
internal sealed class StrictDoubleModelBinder : IModelBinder
{
    private const NumberStyles Styles =
        NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign
        | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
        var text = value.FirstValue;
        if (string.IsNullOrWhiteSpace(text))
        {
            // As MVC does: an empty value binds nothing, and a nullable parameter stays null.
            return Task.CompletedTask;
        }

        if (TryParse(text, out var number))
        {
            bindingContext.Result = ModelBindingResult.Success(number);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(
                bindingContext.ModelName,
                $"'{bindingContext.ModelName}' must be a finite number written plainly, e.g. 1572900747.3998685 (no digit grouping, NaN or Infinity), not '{text}'.");
        }

        return Task.CompletedTask;
    }

    /// <summary>The one reading of a number in a query or route: invariant culture, no digit grouping, finite.</summary>
    internal static bool TryParse(string text, out double number) =>
        double.TryParse(text, Styles, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    /// <summary>Puts <see cref="StrictDoubleModelBinder"/> in front for <see cref="double"/> and <see cref="Nullable{Double}"/>.</summary>
    internal sealed class Provider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            return context.Metadata.UnderlyingOrModelType == typeof(double) && !context.Metadata.IsComplexType
                && context.BindingInfo.BindingSource is { } source && (source == BindingSource.Query || source == BindingSource.Path)
                ? new StrictDoubleModelBinder()
                : null;
        }
    }
}
