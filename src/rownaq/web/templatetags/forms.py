"""Bootstrap classes for form widgets, since a plain Django template cannot add a class to a rendered widget.

    {% load forms %}
    {{ form.title|bs }}                     -> the widget with class="form-control"
    {{ form.title|bs:"form-control-sm" }}   -> extra classes after the Bootstrap one

Radio buttons and checkbox lists come out as one Bootstrap .form-check per choice (extra classes, such as
"form-check-inline", go on each .form-check), since Django would put the widget's class on their wrapper too.
"""

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.template import Library
from django.utils.html import format_html, format_html_join

register = Library()

CHOICE_LIST_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)
CHECK_WIDGETS = (forms.CheckboxInput, *CHOICE_LIST_WIDGETS)
SELECT_WIDGETS = (forms.Select, forms.SelectMultiple, forms.NullBooleanSelect)


def bootstrap_class_for(widget: forms.Widget) -> str:
    # RadioSelect and CheckboxSelectMultiple subclass the select widgets, so they are matched first.
    if isinstance(widget, CHECK_WIDGETS):
        return "form-check-input"
    if isinstance(widget, SELECT_WIDGETS):
        return "form-select"
    input_type = getattr(widget, "input_type", None)
    if input_type == "range":
        return "form-range"
    if input_type == "color":
        return "form-control form-control-color"
    if widget.is_hidden:
        return ""
    return "form-control"


def merged_classes(*class_lists: str) -> str:
    seen: list[str] = []
    for class_list in class_lists:
        for name in (class_list or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


@register.filter(name="bs")
def render_with_bootstrap(field, extra_classes: str = ""):
    """Render a bound field's widget with its Bootstrap class, plus is-invalid when the field has errors."""
    if not isinstance(field, BoundField):
        return field
    widget = field.field.widget
    if isinstance(widget, CHOICE_LIST_WIDGETS):
        return render_choice_list(field, extra_classes)
    classes = merged_classes(
        widget.attrs.get("class", ""),
        bootstrap_class_for(widget),
        extra_classes,
        "is-invalid" if field.errors and not widget.is_hidden else "",
    )
    # Passed as render attrs rather than written into widget.attrs, so the form's widget is left unchanged.
    return field.as_widget(attrs={"class": classes} if classes else None)


def render_choice_list(field: BoundField, extra_classes: str = ""):
    input_class = merged_classes("form-check-input", "is-invalid" if field.errors else "")
    wrapper_class = merged_classes("form-check", extra_classes)
    choices = format_html_join(
        "\n",
        '<div class="{}">{}<label class="form-check-label" for="{}">{}</label></div>',
        (
            (wrapper_class, render_choice_input(choice, input_class), choice.id_for_label or "", choice.choice_label)
            for choice in field.subwidgets
        ),
    )
    if field.auto_id:
        return format_html('<div id="{}">{}</div>', field.auto_id, choices)
    return format_html("<div>{}</div>", choices)


def render_choice_input(choice: BoundWidget, input_class: str):
    attrs = dict(choice.data["attrs"])
    attrs["class"] = merged_classes(attrs.get("class", ""), input_class)
    # wrap_label=False: the option template then renders the bare <input>, and the label is ours.
    context = {"widget": {**choice.data, "attrs": attrs, "wrap_label": False}}
    return choice.parent_widget._render(choice.template_name, context, choice.renderer)
