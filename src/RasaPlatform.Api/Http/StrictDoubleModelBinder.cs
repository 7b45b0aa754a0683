using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace RasaPlatform.Api.Http;

/// <summary>Binds every <see cref="double"/> query or route value as written: invariant culture, no digit grouping.</summary>
/// <remarks>
/// MVC's own binder allows thousands separators, so <c>until=1,5</c> meant 15 and <c>maximumConfidence=0,5</c> meant 5:
/// a silently wrong answer. What this refuses is a model-state error, which <c>[ApiController]</c> answers with a 400
/// problem naming the parameter.
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

        if (double.TryParse(text, Styles, CultureInfo.InvariantCulture, out var number))
        {
            bindingContext.Result = ModelBindingResult.Success(number);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(
                bindingContext.ModelName,
                $"'{bindingContext.ModelName}' must be a number written plainly, e.g. 1572900747.3998685 (no digit grouping), not '{text}'.");
        }

        return Task.CompletedTask;
    }

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
